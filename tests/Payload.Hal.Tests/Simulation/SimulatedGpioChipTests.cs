using Payload.Hal.Buses;
using Payload.Hal.Simulation;

namespace Payload.Hal.Tests.Simulation;

public class SimulatedGpioChipTests
{
    [Test]
    public void Edges_are_queued_with_the_simulated_time_they_happened()
    {
        var clock = new SimulatedClock();
        using var chip = new SimulatedGpioChip("sim:gpio0", clock);
        using IGpioLine line = chip.RequestInput(27, new GpioLineOptions(Edges: GpioEdge.Both));

        clock.Advance(TimeSpan.FromMilliseconds(1500));
        chip.DriveInput(27, true);
        clock.Advance(TimeSpan.FromMilliseconds(250));
        chip.DriveInput(27, false);

        Assert.That(line.TryReadEdge(out GpioEdgeEvent first), Is.True);
        Assert.That(first, Is.EqualTo(new GpioEdgeEvent(27, GpioEdge.Rising, 1_500_000_000, 1)));
        Assert.That(line.TryReadEdge(out GpioEdgeEvent second), Is.True);
        Assert.That(second, Is.EqualTo(new GpioEdgeEvent(27, GpioEdge.Falling, 1_750_000_000, 2)));
        Assert.That(line.TryReadEdge(out _), Is.False);
    }

    [Test]
    public void Only_requested_edges_are_reported()
    {
        var clock = new SimulatedClock();
        using var chip = new SimulatedGpioChip("sim:gpio0", clock);
        using IGpioLine line = chip.RequestInput(3, new GpioLineOptions(Edges: GpioEdge.Falling));
        chip.DriveInput(3, true);
        chip.DriveInput(3, false);
        Assert.That(line.TryReadEdge(out GpioEdgeEvent edge), Is.True);
        Assert.That(edge.Edge, Is.EqualTo(GpioEdge.Falling));
        Assert.That(line.TryReadEdge(out _), Is.False);
    }

    [Test]
    public void Active_low_inverts_logical_values_both_ways()
    {
        var clock = new SimulatedClock();
        using var chip = new SimulatedGpioChip("sim:gpio0", clock);
        bool electrical = true;
        chip.ConnectOutput(5, level => electrical = level);
        using IGpioLine output = chip.RequestOutput(5, initialActive: true, new GpioLineOptions(ActiveLow: true));
        Assert.That(electrical, Is.False);
        output.Write(false);
        Assert.That(electrical, Is.True);

        using IGpioLine input = chip.RequestInput(6, new GpioLineOptions(ActiveLow: true));
        chip.DriveInput(6, false);
        Assert.That(input.Read(), Is.True);
    }

    [Test]
    public void A_line_cannot_be_requested_twice_or_an_input_driven()
    {
        var clock = new SimulatedClock();
        using var chip = new SimulatedGpioChip("sim:gpio0", clock);
        using IGpioLine input = chip.RequestInput(9, new GpioLineOptions());
        Assert.That(() => chip.RequestInput(9, new GpioLineOptions()), Throws.TypeOf<IOException>().With.Message.Contains("line 9"));
        Assert.That(() => input.Write(true), Throws.InvalidOperationException.With.Message.Contains("line 9"));
    }
}
