using Payload.GroundTest.Tests.Dashboard;

namespace Payload.GroundTest.Tests;

/// <summary>Deletes the run folder the dashboard and report tests share once all tests of this assembly are done.</summary>
[SetUpFixture]
public sealed class SharedRunFolderCleanup
{
    [OneTimeTearDown]
    public void DeleteSharedRun() => SimulatedRunFolder.DeleteShared();
}
