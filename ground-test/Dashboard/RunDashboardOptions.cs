using System.CommandLine;
using System.Net;

namespace Payload.GroundTest.Dashboard;

/// <summary><c>--dashboard</c> and <c>--port</c> of <c>ground-test run</c>: serve the live dashboard of the session on 127.0.0.1.</summary>
internal sealed class RunDashboardOptions
{
    private readonly Option<bool> _enable = new("--dashboard") { Description = "Serve the live dashboard on 127.0.0.1 (prints its URL; commands from the page go through the session's uplink). It stays up after the run until Ctrl+C." };
    private readonly Option<int> _port = new("--port") { Description = "Port of the --dashboard on 127.0.0.1 (0: a free port).", DefaultValueFactory = _ => 0 };

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public static RunDashboardOptions AddTo(Command command)
    {
        RunDashboardOptions options = new();
        command.Options.Add(options._enable);
        command.Options.Add(options._port);
        return options;
    }

    /// <summary>The port to serve on, null without <c>--dashboard</c>; <paramref name="problem"/> names a port outside 0..65535.</summary>
    public int? PortOf(ParseResult parse, out string? problem)
    {
        int port = parse.GetValue(_port);
        problem = port is < 0 or > IPEndPoint.MaxPort ? $"--port {port} must be within 0..{IPEndPoint.MaxPort}" : null;
        return parse.GetValue(_enable) ? port : null;
    }
}
