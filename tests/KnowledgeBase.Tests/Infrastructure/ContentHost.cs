namespace KnowledgeBase.Tests.Infrastructure;

/// <summary>
/// One app over the repository's content/, started once for every test class that only reads it: mark the class
/// <c>[Collection(ContentHost.Name)]</c> and take a <see cref="KbFactory"/> in its constructor. A test that changes
/// state (edits content, breaks the database) or needs other content or configuration makes its own KbFactory.
/// Classes of one collection run one after another, which on a 2-core machine costs less than a host each.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ContentHost : ICollectionFixture<KbFactory>
{
    public const string Name = "content/ host";
}
