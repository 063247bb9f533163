namespace Payload.GroundTest.Dashboard;

/// <summary>One server-sent event of the dashboard stream: the SSE event name and its JSON data (one line).</summary>
internal readonly record struct DashboardMessage(string Event, string Data);
