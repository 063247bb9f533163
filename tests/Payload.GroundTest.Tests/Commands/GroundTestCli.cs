using System.CommandLine;

namespace Payload.GroundTest.Tests.Commands;

/// <summary>Runs the real command tree in-process with captured output.</summary>
internal static class GroundTestCli
{
    public static (int ExitCode, string Output, string Error) Invoke(params string[] args)
    {
        using StringWriter output = new();
        using StringWriter error = new();
        int code = Program.CreateRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
