using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace KnowledgeBase.Editing;

/// <summary>A run of characters in a diff line: unchanged, deleted or inserted.</summary>
public sealed record DiffSpan(string Text, string Kind);

/// <summary>One line of one side. Kind: same, del, ins, mod (changed inside: see the spans) or empty (the other side has a line here).</summary>
public sealed record DiffLine(int? Number, string Kind, IReadOnlyList<DiffSpan> Spans);

public sealed record DiffRow(DiffLine Old, DiffLine New);

public sealed record TextDiffResult(IReadOnlyList<DiffRow> Rows, IReadOnlyList<DiffLine> Inline)
{
    public bool Same => Rows.All(r => r.Old.Kind == "same");
}

/// <summary>
/// Line diff with character-level changes inside changed lines (DiffPlex). Characters, not words: Chinese has no
/// spaces, so one changed character in a sentence shows as that character, not as the whole sentence.
/// </summary>
public static class TextDiff
{
    private static readonly SideBySideDiffBuilder Builder = new(new Differ(), new LineChunker(), new CharacterChunker());

    public static TextDiffResult Compare(string oldText, string newText)
    {
        var model = Builder.BuildDiffModel(Lines(oldText), Lines(newText), ignoreWhitespace: false);
        var rows = new List<DiffRow>();
        var inline = new List<DiffLine>();
        for (var i = 0; i < Math.Max(model.OldText.Lines.Count, model.NewText.Lines.Count); i++)
        {
            var old = Line(i < model.OldText.Lines.Count ? model.OldText.Lines[i] : null, "del");
            var @new = Line(i < model.NewText.Lines.Count ? model.NewText.Lines[i] : null, "ins");
            rows.Add(new DiffRow(old, @new));
            if (old.Kind == "same") { inline.Add(old); continue; }
            if (old.Kind != "empty") { inline.Add(old with { Kind = old.Kind == "mod" ? "del" : old.Kind }); }
            if (@new.Kind != "empty") { inline.Add(@new with { Kind = @new.Kind == "mod" ? "ins" : @new.Kind }); }
        }
        return new TextDiffResult(rows, inline);
    }

    // The final newline of a file would otherwise show as one more, always equal, empty line.
    private static string Lines(string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        return text.EndsWith('\n') ? text[..^1] : text;
    }

    /// <param name="changed">What a changed piece on this side is: "del" on the old side, "ins" on the new.</param>
    private static DiffLine Line(DiffPiece? piece, string changed)
    {
        if (piece is null || piece.Type == ChangeType.Imaginary) { return new DiffLine(null, "empty", []); }
        var text = piece.Text ?? "";
        return piece.Type switch
        {
            ChangeType.Unchanged => new DiffLine(piece.Position, "same", [new DiffSpan(text, "")]),
            ChangeType.Modified => new DiffLine(piece.Position, "mod", Spans(piece.SubPieces, changed)),
            _ => new DiffLine(piece.Position, changed, [new DiffSpan(text, changed)]),
        };
    }

    /// <summary>Character pieces merged into runs of the same kind.</summary>
    private static List<DiffSpan> Spans(IEnumerable<DiffPiece> pieces, string changed)
    {
        var spans = new List<DiffSpan>();
        foreach (var p in pieces)
        {
            if (p.Type == ChangeType.Imaginary || string.IsNullOrEmpty(p.Text)) { continue; }
            var kind = p.Type == ChangeType.Unchanged ? "" : changed;
            if (spans.Count > 0 && spans[^1].Kind == kind) { spans[^1] = spans[^1] with { Text = spans[^1].Text + p.Text }; }
            else { spans.Add(new DiffSpan(p.Text, kind)); }
        }
        return spans;
    }
}
