namespace KnowledgeBase;

/// <summary>Marker for the shared UI strings: keys are the Chinese text, <c>Resources/SharedResource.en.resx</c> translates.</summary>
public sealed class SharedResource;
