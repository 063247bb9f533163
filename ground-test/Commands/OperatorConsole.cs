using Spectre.Console;

namespace Payload.GroundTest.Commands;

/// <summary>The Spectre console a command writes to: a terminal gets colours, live displays and its own width; a pipe, a file or a test gets plain text.</summary>
internal static class OperatorConsole
{
    private const int PlainTextWidth = 120;

    public static IAnsiConsole For(TextWriter output)
    {
        if (IsTerminal(output))
        {
            return AnsiConsole.Console;
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = PlainTextWidth;
        return console;
    }

    /// <summary>Whether <paramref name="output"/> is the process's own interactive terminal.</summary>
    public static bool IsTerminal(TextWriter output) => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
}
