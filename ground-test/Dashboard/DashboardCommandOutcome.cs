namespace Payload.GroundTest.Dashboard;

/// <summary>How a command sent from the dashboard ended: its final acknowledgement stage (Completed, Failed, Rejected...) or a timeout, and the reason.</summary>
internal sealed record DashboardCommandOutcome(bool Completed, string Stage, string Detail);
