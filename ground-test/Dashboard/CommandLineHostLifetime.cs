using Microsoft.Extensions.Hosting;

namespace Payload.GroundTest.Dashboard;

/// <summary>
/// Leaves Ctrl+C and SIGTERM to the command line: the default console lifetime of an ASP.NET Core host would take them
/// and stop only the web server, so the command's own cancellation would never fire and the payload would keep running.
/// </summary>
internal sealed class CommandLineHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
