namespace KnowledgeBase.Accounts;

/// <summary>The three roles, each allowed everything the one before it is: reader &lt; editor &lt; admin.</summary>
public static class Roles
{
    public const string Reader = "reader";
    public const string Editor = "editor";
    public const string Admin = "admin";

    public static readonly string[] All = [Reader, Editor, Admin];

    public static bool IsValid(string? role) => role is Reader or Editor or Admin;
}
