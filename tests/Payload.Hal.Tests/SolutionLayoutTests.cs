using Payload.Tests.Shared;

namespace Payload.Hal.Tests;

public class SolutionLayoutTests
{
    [Test]
    public void Repository_root_is_found_from_the_test_binary()
    {
        Assert.That(File.Exists(Path.Combine(RepositoryPaths.Root, "Payload.sln")), Is.True);
    }
}
