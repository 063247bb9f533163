using System.CommandLine;
using Payload.Flight.Configuration;
using Payload.Flight.Dictionary;
using Payload.Flight.Services;

namespace Payload.Flight;

/// <summary>
/// The flight executable: <c>run [--config FILE]</c> (also with no verb) runs the executive from one configuration
/// file; <c>dictionary --out FILE</c> exports the command/telemetry/event dictionary the ground uses.
/// </summary>
internal static class Program
{
    /// <summary>Exit code for a configuration that cannot be used: nothing was started.</summary>
    public const int InvalidConfiguration = 2;

    public static int Main(string[] args)
    {
        string[] effective = args.Length == 0 || args[0].StartsWith('-') ? ["run", .. args] : args;
        return CreateRoot().Parse(effective).Invoke();
    }

    internal static RootCommand CreateRoot()
    {
        Option<FileInfo?> config = new("--config") { Description = "JSON configuration; without it the built-in defaults (sim board, default model, loopback UDP links)." };
        Command run = new("run", "Run the flight executive.") { config };
        run.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(config), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));

        Option<FileInfo> output = new("--out") { Description = "File to write the dictionary JSON to.", Required = true };
        Command dictionary = new("dictionary", "Export every command, housekeeping channel, event and APID as JSON.") { output };
        dictionary.SetAction(parse =>
        {
            FileInfo file = parse.GetRequiredValue(output);
            File.WriteAllText(file.FullName, FlightDictionary.Document.ToJson() + "\n");
            parse.InvocationConfiguration.Output.WriteLine($"{FlightDictionary.Commands.Count} commands, {FlightDictionary.Channels.Count} channels, {FlightDictionary.Events.Count} events, {FlightDictionary.Apids.Count} APIDs to {file.FullName}");
            return 0;
        });
        return new RootCommand("Payload flight software.") { run, dictionary };
    }

    private static async Task<int> RunAsync(FileInfo? configFile, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        FlightConfiguration configuration;
        try
        {
            configuration = configFile is null ? FlightConfiguration.Defaults : FlightConfigurationLoader.LoadFile(configFile.FullName);
        }
        catch (FlightConfigurationException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return InvalidConfiguration;
        }
        return await FlightHost.RunAsync(configuration, output, cancellationToken).ConfigureAwait(false);
    }
}
