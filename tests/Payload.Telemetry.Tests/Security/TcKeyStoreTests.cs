using Payload.Telemetry.Security;

namespace Payload.Telemetry.Tests.Security;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class TcKeyStoreTests
{
    private const string Key32 = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";
    private string directory = "";

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("payload-keys-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    private string WriteKeyFile(string text, UnixFileMode mode)
    {
        string path = Path.Combine(directory, "tc.keys");
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    [Test]
    public void Owner_only_file_loads_every_SPI()
    {
        string path = WriteKeyFile($"# ground key set 3\n1 {Key32}\n0x0102 {Key32[..32]}  # short key\n\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);

        TcKeyStore keys = TcKeyStore.Load(path);

        Assert.That(keys.SecurityParameterIndices, Is.EquivalentTo(new ushort[] { 1, 0x102 }));
    }

    [TestCase(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, "0640")]
    [TestCase(UnixFileMode.UserRead | UnixFileMode.OtherRead, "0404")]
    [TestCase(UnixFileMode.UserRead | UnixFileMode.GroupWrite, "0420")]
    public void File_accessible_to_group_or_others_is_rejected_naming_path_and_mode(UnixFileMode mode, string octal)
    {
        string path = WriteKeyFile($"1 {Key32}\n", mode);

        Assert.That(() => TcKeyStore.Load(path), Throws.TypeOf<KeyFileException>()
            .With.Message.Contains(path).And.Message.Contains(octal)
            .And.Property(nameof(KeyFileException.FilePath)).EqualTo(path));
    }

    [TestCase("1\n", "line 1", TestName = "Line without a key is rejected")]
    [TestCase("0 " + Key32 + "\n", "line 1", TestName = "Reserved SPI 0 is rejected")]
    [TestCase("70000 " + Key32 + "\n", "line 1", TestName = "SPI above 16 bits is rejected")]
    [TestCase("# keys\n1 XYZ\n", "line 2", TestName = "Non-hex key is rejected")]
    [TestCase("1 0011\n", "2 octets", TestName = "Key shorter than 16 octets is rejected")]
    [TestCase("1 " + Key32 + "\n1 " + Key32 + "\n", "appears twice", TestName = "Duplicate SPI is rejected")]
    public void Malformed_key_file_is_rejected_with_the_line(string text, string expected)
    {
        string path = WriteKeyFile(text, UnixFileMode.UserRead);
        Assert.That(() => TcKeyStore.Load(path), Throws.TypeOf<KeyFileException>().With.Message.Contains(expected).And.Message.Contains(path));
    }

    [Test]
    public void Missing_file_is_a_key_file_error_naming_the_path()
    {
        string path = Path.Combine(directory, "absent.keys");
        Assert.That(() => TcKeyStore.Load(path), Throws.TypeOf<KeyFileException>().With.Message.Contains(path));
    }
}
