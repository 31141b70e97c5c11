using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using KnowledgeBase.Content;
using KnowledgeBase.Tests.Infrastructure;

namespace KnowledgeBase.Tests.Content;

/// <summary>
/// Every ```python runnable block of content/ is run with plain python3 and must print exactly its ```output
/// block (trailing whitespace per line ignored). One theory case per example, named by file and index.
/// A block marked ```python runnable numpy runs with an interpreter that has numpy, and fails without one.
/// </summary>
public sealed class RunnableExamplesTests
{
    private static readonly string Root = RepoPaths.Content;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static TheoryData<string, int> Examples()
    {
        var rows = new TheoryData<string, int>();
        foreach (var file in ContentLint.ArticlePaths(Root))
        {
            ContentArticle article;
            try { article = ContentLint.Load(Root, file); }
            catch (ContentException) { continue; } // reported by the content lint
            foreach (var example in ContentLint.RunnableExamples(article).Examples)
            {
                rows.Add(file, example.Index);
            }
        }
        return rows;
    }

    /// <summary>
    /// The theory above runs one case per example found, so it would pass on none: the examples found must be
    /// every ```python runnable fence in the files, and there must be some.
    /// </summary>
    [Fact]
    public void Every_runnable_fence_in_content_is_a_case()
    {
        var fences = ContentLint.ArticlePaths(Root)
            .Sum(file => File.ReadLines(Path.Combine(Root, file)).Count(l => l.TrimEnd() == "```python runnable" || l.StartsWith("```python runnable ", StringComparison.Ordinal)));
        Assert.True(fences >= 1, "content/ has no runnable examples");
        Assert.Equal(fences, Examples().Count());
    }

    [Theory, MemberData(nameof(Examples))]
    public void Example_prints_its_output_block(string file, int index)
    {
        var example = ContentLint.RunnableExamples(ContentLint.Load(Root, file)).Examples.Single(e => e.Index == index);
        var result = PythonRunner.Run(example.Code, Timeout, example.NeedsNumpy);
        Assert.True(result.ExitCode == 0,
            $"{file} example #{index} (line {example.Line}) exited with code {result.ExitCode}:\n{result.Stderr}");
        var expected = PythonRunner.Normalize(example.ExpectedOutput);
        var actual = PythonRunner.Normalize(result.Stdout);
        Assert.True(expected == actual,
            $"{file} example #{index} (line {example.Line}) printed something else than its ```output block.\n" +
            $"--- expected (the article)\n{expected}\n--- actual (python3)\n{actual}\n---");
    }

    [Fact]
    public void Python3_is_available()
    {
        var result = PythonRunner.Run("import sys\nprint(sys.version_info[0])", Timeout);
        Assert.Equal("3", PythonRunner.Normalize(result.Stdout));
    }

    [Fact]
    public void Numpy_is_available_for_examples_that_need_it()
    {
        var result = PythonRunner.Run("import numpy as np\nprint(int(np.arange(4).sum()))", Timeout, numpy: true);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("6", PythonRunner.Normalize(result.Stdout));
    }

    [Fact]
    public void A_numpy_example_is_marked_and_a_plain_one_is_not()
    {
        var article = Article("```python runnable numpy\nimport numpy as np\nprint(np.eye(2).trace())\n```\n\n```output\n2.0\n```\n\n" +
                              "```python runnable\nprint(1)\n```\n\n```output\n1\n```\n");
        var (examples, problems) = ContentLint.RunnableExamples(article);
        Assert.Empty(problems);
        Assert.Equal([true, false], examples.Select(e => e.NeedsNumpy));
        var result = PythonRunner.Run(examples[0].Code, Timeout, examples[0].NeedsNumpy);
        Assert.Equal("2.0", PythonRunner.Normalize(result.Stdout));
    }

    [Fact]
    public void An_example_is_extracted_run_and_compared()
    {
        var article = Article("## 例子\n\n```python runnable\nfor i in range(3):\n    print(i * 7, end='  \\n')\n```\n\n```output\n0\n7\n14\n```\n");
        var (examples, problems) = ContentLint.RunnableExamples(article);
        Assert.Empty(problems);
        var example = Assert.Single(examples);
        Assert.Equal(3, example.Line);
        var result = PythonRunner.Run(example.Code, Timeout);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(PythonRunner.Normalize(example.ExpectedOutput), PythonRunner.Normalize(result.Stdout));
        Assert.NotEqual("0\n7\n15", PythonRunner.Normalize(result.Stdout));
    }

    [Fact]
    public void A_runnable_block_without_output_is_reported()
    {
        var article = Article("```python runnable\nprint(1)\n```\n\n说明文字\n\n```output\n1\n```\n\n```python runnable\nprint(2)\n```\n");
        var (examples, problems) = ContentLint.RunnableExamples(article);
        Assert.Empty(examples);
        Assert.Equal(
        [
            "line 1: runnable example #1 has no ```output block right after it",
            "line 7: ```output block does not follow a ```python runnable block",
            "line 11: runnable example #2 has no ```output block right after it",
        ], problems);
    }

    [Fact]
    public void Plain_python_blocks_are_not_examples()
    {
        var (examples, problems) = ContentLint.RunnableExamples(Article("```python\nimport torch\n```\n\n```text\nx\n```\n"));
        Assert.Empty(examples);
        Assert.Empty(problems);
    }

    [Fact]
    public void A_failing_example_reports_exit_code_and_stderr()
    {
        var result = PythonRunner.Run("import sys\nprint('partial')\nsys.exit('boom')", Timeout);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("boom", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("partial", PythonRunner.Normalize(result.Stdout));
    }

    [Fact]
    public void An_endless_example_is_stopped()
    {
        var ex = Assert.Throws<TimeoutException>(() => PythonRunner.Run("while True:\n    pass\n", TimeSpan.FromSeconds(2)));
        Assert.Contains("2 s", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a  \nb\t\n\n\n", "a\nb")]
    [InlineData("a\r\n  b\r\n", "a\n  b")]
    [InlineData("中文 \n", "中文")]
    public void Output_comparison_ignores_trailing_whitespace_per_line(string raw, string expected) =>
        Assert.Equal(expected, PythonRunner.Normalize(raw));

    private static ContentArticle Article(string body) => new("cat/a.md", "cat", "a", new ArticleMeta { Title = "t" }, body, 1);
}

public sealed record PythonResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs code with plain <c>python3</c> from PATH in a scratch folder, UTF-8 in and out; code that needs numpy runs
/// with the first of that interpreter and Debian's /usr/bin/python3 (python3-numpy) that can import it.
/// </summary>
public static class PythonRunner
{
    // PATH's python3 may be a slow wrapper (a pyenv shim costs most of a second per start): ask it once for
    // the interpreter it runs and start that directly. Lazy, so a missing python3 fails the tests that need it.
    private static readonly Lazy<string> Interpreter = new(() =>
    {
        var result = Execute("python3", ["-c", "import sys; print(sys.executable)"], Path.GetTempPath(), TimeSpan.FromSeconds(20));
        var path = result.Stdout.Trim();
        return result.ExitCode == 0 && File.Exists(path) ? path : "python3";
    });

    // PATH's python3 may be a build without numpy; Debian's interpreter gets it from apt. Never skip: an example
    // that needs numpy fails loudly when no interpreter here has it.
    private static readonly Lazy<string> NumpyInterpreter = new(() =>
    {
        foreach (var candidate in new[] { Interpreter.Value, "/usr/bin/python3" }.Distinct())
        {
            try
            {
                if (Execute(candidate, ["-s", "-c", "import numpy"], Path.GetTempPath(), TimeSpan.FromSeconds(20)).ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (InvalidOperationException) { } // not installed: try the next one
        }
        throw new InvalidOperationException(
            "An example marked `python runnable numpy` needs a python3 that can import numpy (apt-get install python3-numpy).");
    });

    public static PythonResult Run(string code, TimeSpan timeout, bool numpy = false)
    {
        var dir = Path.Combine(Path.GetTempPath(), "kb-python", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var script = Path.Combine(dir, "example.py");
            File.WriteAllText(script, code, new UTF8Encoding(false));
            // -B: no __pycache__; -s: no user site-packages, so examples only get the standard library.
            return Execute(numpy ? NumpyInterpreter.Value : Interpreter.Value, ["-B", "-s", script], dir, timeout);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static PythonResult Execute(string fileName, string[] args, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args) { start.ArgumentList.Add(arg); }
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        start.Environment["PYTHONUTF8"] = "1";
        // Same set/dict-of-str order on every run, so an article's printed output is reproducible.
        start.Environment["PYTHONHASHSEED"] = "0";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"{fileName} was not found. The runnable-example tests need plain Python 3 on PATH as python3 (apt-get install python3).", ex);
        }
        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new TimeoutException($"python3 did not finish within {timeout.TotalSeconds:0} s");
            }
            process.WaitForExit(); // drains the redirected streams
            return new PythonResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
        }
    }

    /// <summary>LF line ends, trailing whitespace of each line and trailing empty lines removed.</summary>
    public static string Normalize(string text) =>
        string.Join('\n', text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd())).TrimEnd('\n');
}
