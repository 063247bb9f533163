using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Payload.GroundTest.Tests.Commands;

namespace Payload.GroundTest.Tests.Dashboard;

/// <summary><c>ground-test run --dashboard</c> through the real command line, flight process and uplink.</summary>
public sealed partial class RunCommandDashboardTests
{
    [TestCase("-1")]
    [TestCase("65536")]
    public void Run_refuses_a_dashboard_port_outside_0_to_65535_before_starting_anything(string port)
    {
        (int code, _, string error) = GroundTestCli.Invoke("run", "--dashboard", "--port", port);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain($"--port {port}"));
    }

    [Test]
    public async Task Run_with_dashboard_prints_its_url_takes_commands_and_stops_with_the_payload_when_interrupted()
    {
        using TempFolder temp = new();
        using SignallingWriter output = new("stays up");
        using StringWriter error = new();
        using CancellationTokenSource interrupt = new();

        Task<int> run = Program.CreateRoot().Parse(["run", "--scenes", "1", "--size", "256", "--dashboard", "--out", temp.Path, "--run", "live"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, interrupt.Token);
        await Task.WhenAny(output.Seen, run).WaitAsync(TimeSpan.FromMinutes(3));
        Assert.That(output.Seen.IsCompleted, Is.True, $"run ended before the dashboard stayed up:\n{output}\n{error}");

        Uri page = new(DashboardUrl().Match(output.ToString()).Groups[1].Value);
        using (HttpClient http = new() { BaseAddress = page, Timeout = TimeSpan.FromSeconds(60) })
        {
            string html = await http.GetStringAsync(page);
            Assert.That(html, Does.Contain("Payload dashboard"));
            using HttpResponseMessage response = await http.PostAsJsonAsync(new Uri("/commands", UriKind.Relative), new { name = "SET_MODE", args = new[] { "IDLE" } });
            JsonElement answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.That(answer.GetProperty("stage").GetString(), Is.EqualTo("Completed"), answer.ToString());
        }

        await interrupt.CancelAsync();
        int code = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That(code, Is.Zero, error.ToString());
        using HttpClient after = new() { Timeout = TimeSpan.FromSeconds(10) };
        Assert.That(async () => await after.GetStringAsync(page), Throws.InstanceOf<HttpRequestException>(), "the dashboard stops with the run");
    }

    [GeneratedRegex(@"dashboard\s+(http://127\.0\.0\.1:\d+/)")]
    private static partial Regex DashboardUrl();

    /// <summary>Captures what the command prints and completes <see cref="Seen"/> once the text contains a marker.</summary>
    private sealed class SignallingWriter(string marker) : StringWriter
    {
        private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _lock = new();

        public Task Seen => _seen.Task;

        public override void Write(char value)
        {
            lock (_lock)
            {
                base.Write(value);
                Check();
            }
        }

        public override void Write(string? value)
        {
            lock (_lock)
            {
                base.Write(value);
                Check();
            }
        }

        public override void Write(char[] buffer, int index, int count)
        {
            lock (_lock)
            {
                base.Write(buffer, index, count);
                Check();
            }
        }

        public override string ToString()
        {
            lock (_lock)
            {
                return base.ToString();
            }
        }

        private void Check()
        {
            if (!_seen.Task.IsCompleted && GetStringBuilder().ToString().Contains(marker, StringComparison.Ordinal))
            {
                _seen.TrySetResult();
            }
        }
    }
}
