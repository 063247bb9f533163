using Payload.Flight.Dictionary;
using Payload.Flight.Telemetry;

namespace Payload.Flight.Commanding;

/// <summary>
/// Decodes commands against the dictionary and runs their handlers, acknowledging each on the acknowledgement APID:
/// Rejected (undecodable, unknown, no handler) or Accepted then Completed / Failed with the handler's reason.
/// A handler returns null when done or the reason it failed.
/// </summary>
internal sealed class CommandDispatcher(IPacketSink sink)
{
    private readonly Dictionary<ushort, Func<DecodedCommand, string?>> handlers = [];

    public long Completed { get; private set; }

    public long Failed { get; private set; }

    public void Handle(CommandDefinition command, Func<DecodedCommand, string?> handler) => handlers.Add(command.Opcode, handler);

    public bool HandlesAll(IEnumerable<CommandDefinition> commands) => commands.All(c => handlers.ContainsKey(c.Opcode));

    public void Dispatch(ReadOnlySpan<byte> data)
    {
        if (!CommandCodec.TryDecode(data, FlightDictionary.Commands, out DecodedCommand command, out string error))
        {
            Acknowledge(command, AcknowledgementStage.Rejected, error);
            return;
        }
        if (!handlers.TryGetValue(command.Opcode, out Func<DecodedCommand, string?>? handler))
        {
            Acknowledge(command, AcknowledgementStage.Rejected, $"{command.Definition!.Name} has no handler on board");
            return;
        }
        Acknowledge(command, AcknowledgementStage.Accepted, "");
        string? failure;
        try
        {
            failure = handler(command);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException or UnauthorizedAccessException)
        {
            failure = $"{e.GetType().Name}: {e.Message}";
        }
        Acknowledge(command, failure is null ? AcknowledgementStage.Completed : AcknowledgementStage.Failed, failure ?? "");
    }

    private void Acknowledge(DecodedCommand command, AcknowledgementStage stage, string reason)
    {
        if (stage is AcknowledgementStage.Rejected or AcknowledgementStage.Failed)
        {
            Failed++;
        }
        else if (stage == AcknowledgementStage.Completed)
        {
            Completed++;
        }
        sink.Send(FlightDictionary.AcknowledgementApid, new CommandAcknowledgement(command.Opcode, command.Tag, stage, reason).Encode());
    }
}
