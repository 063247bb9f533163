namespace Payload.GroundTest.Dashboard;

/// <summary>A run folder that cannot be shown: missing, not a run folder, or a file in it that does not parse (the message names file, line and value).</summary>
internal sealed class RunFolderException(string message, Exception? inner = null) : Exception(message, inner);
