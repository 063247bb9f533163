namespace Payload.GroundTest.Tests.Commands;

public class FrameAndDecodeCommandTests
{
    [TestCase(1, null)]
    [TestCase(5, 1000)]
    [TestCase(8, null)]
    public void Decode_gives_back_every_packet_frame_wrote_per_APID(int interleave, int? frameLength)
    {
        using PacketFolderFixture folder = new(count: 60, seed: interleave);
        string cadus = folder.PathFor("out.cadu");
        string[] lengthArgs = frameLength is null ? [] : ["--frame-length", $"{frameLength}"];

        (int frameExit, string frameOutput, _) = PacketFolderFixture.Run(["frame", "--packets", folder.PacketFolder, "--out", cadus, "--interleave", $"{interleave}", .. lengthArgs]);
        (int decodeExit, string decodeOutput, string decodeErrors) = PacketFolderFixture.Run(["decode", "--in", cadus, "--interleave", $"{interleave}", "--out", folder.PathFor("decoded"), .. lengthArgs]);

        List<byte[]> decoded = [.. Directory.GetFiles(folder.PathFor("decoded"), "*.bin", SearchOption.AllDirectories).Select(File.ReadAllBytes)];
        Assert.Multiple(() =>
        {
            Assert.That(frameExit, Is.Zero);
            Assert.That(frameOutput, Does.Contain("60 packets"));
            Assert.That(decodeExit, Is.Zero);
            Assert.That(decodeErrors, Is.Empty);
            Assert.That(decodeOutput, Does.Match(@"packets\s+60\b"));
            Assert.That(decodeOutput, Does.Match(@"uncorrectable codewords\s+0\b"));
            Assert.That(decoded, Is.EquivalentTo(folder.Packets));
        });
    }

    [Test]
    public void Packets_are_written_under_their_APID_with_arrival_index_and_sequence_count()
    {
        using PacketFolderFixture folder = new(count: 5, seed: 1);
        string cadus = folder.PathFor("out.cadu");
        PacketFolderFixture.Run("frame", "--packets", folder.PacketFolder, "--out", cadus);

        PacketFolderFixture.Run("decode", "--in", cadus, "--out", folder.PathFor("decoded"));

        string[] names = [.. Directory.GetFiles(folder.PathFor("decoded"), "*.bin", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(folder.PathFor("decoded"), p))];
        Assert.That(names, Has.All.Match(@"^apid-00(64|65|66)/\d{6}-seq-\d{5}\.bin$"));
    }

    [Test]
    public void Frame_refuses_a_file_that_is_not_one_packet_and_names_it()
    {
        using PacketFolderFixture folder = new(count: 3, seed: 2);
        File.WriteAllBytes(Path.Combine(folder.PacketFolder, "p00001.bin"), [0x08, 0x40, 0xC0, 0x00, 0x00, 0x10, 1, 2]);

        (int exitCode, _, string errors) = PacketFolderFixture.Run("frame", "--packets", folder.PacketFolder, "--out", folder.PathFor("x.cadu"));

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(1));
            Assert.That(errors, Does.Contain("p00001.bin is not one space packet").And.Contain("needs 23 octets, only 8 available"));
        });
    }

    [TestCase("--frame-length", "224")]
    [TestCase("--interleave", "6")]
    public void Impossible_link_parameters_are_refused_with_the_value(string option, string value)
    {
        using PacketFolderFixture folder = new(count: 1, seed: 3);

        (int exitCode, _, string errors) = PacketFolderFixture.Run("frame", "--packets", folder.PacketFolder, "--out", folder.PathFor("x.cadu"), option, value);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(errors, Does.Contain(value));
        });
    }

    [Test]
    public void Decode_of_a_stream_with_a_corrupted_CADU_reports_the_loss_and_carries_on()
    {
        using PacketFolderFixture folder = new(count: 40, seed: 4);
        string cadus = folder.PathFor("out.cadu");
        PacketFolderFixture.Run("frame", "--packets", folder.PacketFolder, "--out", cadus);
        byte[] bytes = File.ReadAllBytes(cadus);
        for (int k = 0; k < 100; k++)
        {
            bytes[(259 * 4) + 4 + k] ^= 0xFF;
        }

        File.WriteAllBytes(cadus, bytes);

        (int exitCode, string output, string errors) = PacketFolderFixture.Run("decode", "--in", cadus, "--out", folder.PathFor("decoded"));

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero);
            Assert.That(errors, Does.Contain("UncorrectableCodeword").And.Contain("VirtualChannelGap"));
            Assert.That(output, Does.Match(@"uncorrectable codewords\s+1\b"));
            Assert.That(output, Does.Match(@"VC frame gaps\s+1 \(1 frames lost\)"));
        });
    }
}
