using System.CommandLine;
using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;
using Payload.GroundTest.Station;
using Payload.GroundTest.Uplink;

namespace Payload.GroundTest.Commands;

/// <summary>
/// <c>ground-test model list | activate SLOT | rollback | delete SLOT | install TRANSACTION</c>: sends the MODEL_*
/// command to the payload and prints its acknowledgements and the model events it answers with.
/// </summary>
internal static class ModelSlotCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Create("list", "List both model slots (the payload's MODEL_SLOTS event).", FlightDictionary.ModelList, argument: null, downlinkRequired: true);
        yield return Create("activate", "Activate an installed slot; probation follows.", FlightDictionary.ModelActivate, new Argument<string>("slot") { Description = "A or B." });
        yield return Create("rollback", "Restore the previously active slot.", FlightDictionary.ModelRollBack, argument: null);
        yield return Create("delete", "Empty a slot that is neither active nor a probation's fallback.", FlightDictionary.ModelDelete, new Argument<string>("slot") { Description = "A or B." });
        yield return Create("install", "Install the package a CFDP transaction staged on board (see `model upload`).", FlightDictionary.ModelInstall,
            new Argument<string>("transaction") { Description = "Sequence number of the CFDP transaction that staged the package." });
    }

    /// <summary>Model events worth showing an operator after a model command.</summary>
    public static bool IsModelEvent(ushort id) =>
        id == FlightDictionary.ModelSlotsReport.Id || id == FlightDictionary.ModelStep.Id || id == FlightDictionary.ModelProblem.Id || id == FlightDictionary.ModelInUse.Id;

    /// <summary>Prints the model events the payload sends while the session is open.</summary>
    public static void PrintModelEvents(GroundSession session, TextWriter output) =>
        session.FlightEvent += received =>
        {
            if (IsModelEvent(received.Id))
            {
                output.WriteLine($"  {received.Name}: {received.Text}");
            }
        };

    private static Command Create(string name, string description, CommandDefinition definition, Argument<string>? argument, bool downlinkRequired = false)
    {
        Option<ushort> tag = new("--tag") { Description = "Tag echoed in the acknowledgements.", DefaultValueFactory = _ => (ushort)1 };
        var uplink = new UplinkOptions(downlinkRequired, defaultTimeoutSeconds: 30);
        Command command = new(name, $"{description} Sends {definition.Name}.") { tag };
        if (argument is not null)
        {
            command.Arguments.Add(argument);
        }
        uplink.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter output = TextWriter.Synchronized(parse.InvocationConfiguration.Output);
            TextWriter error = parse.InvocationConfiguration.Error;
            byte[] data;
            try
            {
                data = CommandCodec.Encode(definition, parse.GetValue(tag), argument is null ? [] : [parse.GetRequiredValue(argument)]);
            }
            catch (ArgumentException e)
            {
                await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 2;
            }
            return await TelecommandExchange.RunAsync(uplink.Read(parse), uplink.Timeout(parse), definition, parse.GetValue(tag), data, output, error, cancellationToken,
                session => PrintModelEvents(session, output)).ConfigureAwait(false);
        });
        return command;
    }
}
