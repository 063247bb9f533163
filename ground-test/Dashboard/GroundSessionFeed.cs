using System.Globalization;
using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;
using Payload.GroundTest.Imaging;
using Payload.GroundTest.Output;
using Payload.GroundTest.Station;
using Payload.Telemetry.Products;

namespace Payload.GroundTest.Dashboard;

/// <summary>
/// Feeds a <see cref="DashboardState"/> from a live <see cref="GroundSession"/> (housekeeping by channel name, events,
/// acknowledgements, products as PNG, alerts, link statistics) and sends the dashboard's commands through the session's
/// authenticated COP-1 uplink. Dispose to stop listening.
/// </summary>
internal sealed class GroundSessionFeed : IDashboardUplink, IDisposable
{
    private readonly GroundSession _session;
    private readonly DashboardState _state;
    private readonly IReadOnlyList<string> _classNames;
    private readonly byte[] _palette;
    private readonly TimeSpan _commandTimeout;
    private readonly Dictionary<ushort, string> _channelNames = FlightDictionary.Channels.ToDictionary(c => c.Id, c => c.Name);

    /// <param name="session">The live session.</param>
    /// <param name="state">What the dashboard shows.</param>
    /// <param name="model">The model the payload runs, as the page shows it (name and version).</param>
    /// <param name="classNames">The model's classes, for class map colours and alert names.</param>
    /// <param name="commandTimeout">How long a command may wait for its final acknowledgement.</param>
    public GroundSessionFeed(GroundSession session, DashboardState state, string model, IReadOnlyList<string> classNames, TimeSpan commandTimeout)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(classNames);
        _session = session;
        _state = state;
        _classNames = classNames;
        _palette = classNames.Count == 0 ? ClassPalette.For(1) : ClassPalette.For(classNames);
        _commandTimeout = commandTimeout;
        state.SetStatus("source", session.Flight is null ? "live rig" : "live flight process");
        state.SetStatus("model", model);
        state.SetClasses(classNames, _palette);
        session.Housekeeping += OnHousekeeping;
        session.FlightEvent += OnEvent;
        session.Acknowledgement += OnAcknowledgement;
        session.ProductDecoded += OnProduct;
        session.Alert += OnAlert;
        session.LinkStatistics += OnLink;
    }

    public async Task<DashboardCommandOutcome> SendAsync(string name, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_commandTimeout);
        try
        {
            CommandAcknowledgement ack = await _session.SendCommandAsync(name, arguments, timeout.Token).ConfigureAwait(false);
            return new DashboardCommandOutcome(ack.Stage == AcknowledgementStage.Completed, ack.Stage.ToString(), ack.Reason);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new DashboardCommandOutcome(false, "Timeout", string.Create(CultureInfo.InvariantCulture, $"no final acknowledgement within {_commandTimeout.TotalSeconds:F0} s"));
        }
    }

    public void Dispose()
    {
        _session.Housekeeping -= OnHousekeeping;
        _session.FlightEvent -= OnEvent;
        _session.Acknowledgement -= OnAcknowledgement;
        _session.ProductDecoded -= OnProduct;
        _session.Alert -= OnAlert;
        _session.LinkStatistics -= OnLink;
    }

    private void OnHousekeeping(HousekeepingReceived sample)
    {
        foreach ((ushort id, double value) in sample.Values)
        {
            _state.AddHousekeeping(sample.ReceivedAt, _channelNames.GetValueOrDefault(id, string.Create(CultureInfo.InvariantCulture, $"CHANNEL_{id}")), value);
        }
    }

    private void OnEvent(FlightEventReceived e)
    {
        _state.AddEvent(e.ReceivedAt, e.Name, e.Text);
        if (e.Id == FlightDictionary.ModelSlotsReport.Id)
        {
            _state.SetStatus("slots", e.Text);
        }
    }

    private void OnAcknowledgement(AcknowledgementReceived a)
    {
        CommandAcknowledgement ack = a.Acknowledgement;
        _state.AddEvent(a.ReceivedAt, "ack", string.Create(CultureInfo.InvariantCulture, $"{a.CommandName} tag {ack.Tag}: {ack.Stage}{(ack.Reason.Length > 0 ? " (" + ack.Reason + ")" : "")}"));
    }

    private void OnProduct(ProductReceived received)
    {
        if (ProductPng.Encode(received.Product, _palette) is not { } png)
        {
            return;
        }

        ProductHeader h = received.Product.Header;
        _state.AddProduct(new DashboardProduct(GroundOutput.ProductName(h), h.Kind, h.SceneId, h.TileId, h.TileX, h.TileY, h.Width, h.Height, received.ReceivedAt, png));
    }

    // Raised after OnProduct for the same product, so its thumbnail is already kept.
    private void OnAlert(AlertReceived alert)
    {
        ProductHeader h = alert.Product.Header;
        string name = GroundOutput.ProductName(h);
        string className = alert.Detail.ClassIndex < _classNames.Count ? _classNames[alert.Detail.ClassIndex] : alert.Detail.ClassIndex.ToString(CultureInfo.InvariantCulture);
        _state.AddAlert(new DashboardAlert(h.SceneId, h.TileId, h.TileX, h.TileY, className, alert.Detail.AreaFraction, alert.Detail.Confidence,
            alert.Latency.TotalMilliseconds, alert.ReceivedAt, _state.Product(name) is null ? null : name));
    }

    private void OnLink(LinkSnapshot link)
    {
        // The same channel name the run folder's housekeeping.csv uses for it (ImagingRun).
        _state.AddHousekeeping(link.At, "GROUND_LINK_OCTETS_PER_SECOND", link.OctetsPerSecond);
        string group = DashboardState.LinkGroup;
        Set(group, "CADUs received", link.Cadus);
        Set(group, "CADU octets received", link.CaduOctets);
        Set(group, "RS corrected symbols", link.CorrectedSymbols);
        Set(group, "RS uncorrectable codewords", link.UncorrectableCodewords);
        Set(group, "frames lost", link.FramesLost);
        Set(group, "packets lost", link.PacketsLost);
        Set(group, "sender restarts", link.SenderRestarts);
        Set(group, "CADUs dropped by the shim", link.CadusDropped);
        Set(group, "CADUs corrupted by the shim", link.CadusCorrupted);
        _state.SetStatistic(group, "uplink FOP-1 state", link.UplinkState.ToString());
        Set(group, "uplink frames outstanding", link.UplinkOutstanding);
        Set(group, "CLTUs sent", link.CltusSent);
        Set(group, "uplink retransmissions", link.UplinkRetransmissions);
        Set(group, "uplink re-synchronisations", link.UplinkResynchronisations);
        Set(DashboardState.ProtectionGroup, "flight process starts", link.FlightStarts);
    }

    private void Set(string group, string name, long value) => _state.SetStatistic(group, name, value.ToString(CultureInfo.InvariantCulture));
}
