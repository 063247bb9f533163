using System.CommandLine;

namespace Payload.GroundTest.Commands;

/// <summary><c>ground-test run</c>: the main job on built-in defaults.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        Command command = new("run", "Run the payload on the simulated board with the default model and print the products.");
        command.SetAction(_ =>
        {
            Console.WriteLine("Payload ground-test: nothing to run yet.");
            return 0;
        });
        return command;
    }
}
