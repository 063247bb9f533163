namespace Payload.GroundTest.Dashboard;

/// <summary>The dashboard's single page (markup, style and script inline), embedded in the assembly from dashboard.html.</summary>
internal static class DashboardPage
{
    private const string ResourceName = "Payload.GroundTest.Dashboard.dashboard.html";

    private static readonly Lazy<byte[]> Content = new(Load);

    public static byte[] Html => Content.Value;

    private static byte[] Load()
    {
        using Stream stream = typeof(DashboardPage).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing from {typeof(DashboardPage).Assembly.GetName().Name}.");
        using MemoryStream buffer = new();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
