using System.CommandLine;
using Payload.GroundTest.Dashboard;

namespace Payload.GroundTest.Commands;

/// <summary>
/// <c>ground-test dashboard --in DIR</c>: serves the dashboard over a finished run folder (ground-out/RUN/) on
/// 127.0.0.1 until interrupted; read-only, as there is no uplink to command.
/// </summary>
internal static class DashboardCommand
{
    public static Command Create()
    {
        Option<DirectoryInfo> folder = new("--in") { Description = "Run folder written by `ground-test run` (ground-out/RUN/).", Required = true };
        Option<int> port = new("--port") { Description = "Port on 127.0.0.1 (0: a free port).", DefaultValueFactory = _ => 0 };
        Command command = new("dashboard", "Serve the live dashboard over a finished run folder on 127.0.0.1: housekeeping plots, products with class overlays, alerts, events, link and protection statistics. Prints the URL; Ctrl+C stops it.")
        {
            folder, port,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetRequiredValue(folder).FullName, parse.GetValue(port), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string folder, int port, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (port is < 0 or > 65535)
        {
            await error.WriteLineAsync($"error: --port {port} is not 0..65535.").ConfigureAwait(false);
            return 1;
        }

        DashboardState state = new();
        try
        {
            RunFolderFeed.Load(folder, state);
        }
        catch (Exception e) when (e is RunFolderException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        DashboardServer server;
        try
        {
            server = await DashboardServer.StartAsync(state, uplink: null, port, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (server.ConfigureAwait(false))
        {
            await output.WriteLineAsync($"dashboard    {server.Address} (finished run {folder}; Ctrl+C stops)").ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            await UntilInterrupted.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }
}
