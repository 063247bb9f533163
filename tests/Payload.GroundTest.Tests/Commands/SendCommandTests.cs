using System.Net;
using System.Net.Sockets;
using Payload.Flight.Commanding;
using Payload.Flight.Dictionary;
using Payload.Telemetry.Security;
using Payload.Telemetry.Uplink;

namespace Payload.GroundTest.Tests.Commands;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SendCommandTests
{
    private static readonly byte[] Key = Convert.FromHexString("00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF");

    private static (TempFolder Folder, string Dictionary, string Keys) Prepare()
    {
        var folder = new TempFolder();
        string dictionary = folder.File("dict.json");
        File.WriteAllText(dictionary, FlightDictionary.Document.ToJson());
        string keys = folder.File("uplink.keys");
        File.WriteAllText(keys, $"1 {Convert.ToHexString(Key)}\n");
        File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return (folder, dictionary, keys);
    }

    [Test]
    public async Task Sends_a_signed_cltu_that_the_flight_uplink_chain_accepts_and_decodes()
    {
        (TempFolder folder, string dictionary, string keys) = Prepare();
        using (folder)
        {
            using var listener = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)listener.Client.LocalEndPoint!).Port;
            Task<UdpReceiveResult> receive = listener.ReceiveAsync();

            (int exit, string output, string error) = GroundTestCli.Invoke(
                "send", "SET_MODE", "OPERATE", "--dict", dictionary, "--key-file", keys, "--to", $"udp://127.0.0.1:{port}", "--sequence", "500", "--tag", "9", "--scid", "300");

            Assert.That(exit, Is.Zero, error);
            Assert.That(output, Does.Contain("SET_MODE (opcode 0x0002) tag 9, SPI 1 sequence 500"));
            byte[] cltu = (await receive.WaitAsync(TimeSpan.FromSeconds(10))).Buffer;
            var receiver = new TcUplinkReceiver(new CltuDecoder(), new TcFrameParser(new TcFrameFormat(300)),
                new TcFrameVerifier(new TcKeyStore([new(1, Key)]), new TcSecurityOptions()), [new Farm1(0)]);
            var workspace = new byte[TcUplinkReceiver.WorkspaceLength(cltu.Length)];
            TcReception reception = receiver.Receive(cltu, workspace);
            Assert.That(reception.IsAccepted, Is.True, reception.Message);
            Assert.That(CommandCodec.TryDecode(reception.Data, FlightDictionary.Commands, out DecodedCommand command, out string decodeError), Is.True, decodeError);
            Assert.That(command.Definition, Is.EqualTo(FlightDictionary.SetMode));
            Assert.That(command.Tag, Is.EqualTo(9));
            Assert.That(command.Arguments, Is.EqualTo(new double[] { 3 }));
        }
    }

    [TestCase("LAUNCH", new string[0], "no command 'LAUNCH'")]
    [TestCase("SET_MODE", new[] { "FLYING" }, "expected one of BOOT, SAFE, IDLE, OPERATE")]
    [TestCase("IMAGE_SCENES", new[] { "1" }, "takes 2 argument(s)")]
    public void Bad_commands_are_refused_with_exit_code_2(string name, string[] arguments, string message)
    {
        (TempFolder folder, string dictionary, string keys) = Prepare();
        using (folder)
        {
            (int exit, _, string error) = GroundTestCli.Invoke(["send", name, .. arguments, "--dict", dictionary, "--key-file", keys, "--to", "udp://127.0.0.1:9"]);

            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error, Does.Contain(message));
        }
    }

    [Test]
    public void Key_file_readable_by_others_is_refused()
    {
        (TempFolder folder, string dictionary, string keys) = Prepare();
        using (folder)
        {
            File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.GroupRead);

            (int exit, _, string error) = GroundTestCli.Invoke("send", "NOOP", "--dict", dictionary, "--key-file", keys);

            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error, Does.Contain("only by its owner"));
        }
    }

    [Test]
    public void Without_a_downlink_a_refused_tcp_uplink_fails_with_exit_code_1()
    {
        (TempFolder folder, string dictionary, string keys) = Prepare();
        using (folder)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int closed = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();

            (int exit, _, string error) = GroundTestCli.Invoke("send", "NOOP", "--dict", dictionary, "--key-file", keys, "--to", $"tcp://127.0.0.1:{closed}");

            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error, Does.Contain($"could not be sent to tcp://127.0.0.1:{closed}"));
        }
    }

    [Test]
    public void Waiting_for_an_acknowledgement_that_never_comes_fails_after_the_timeout()
    {
        (TempFolder folder, string dictionary, string keys) = Prepare();
        using (folder)
        {
            using var sink = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            int uplink = ((IPEndPoint)sink.Client.LocalEndPoint!).Port;
            int downlink;
            using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
            {
                downlink = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
            }

            (int exit, _, string error) = GroundTestCli.Invoke("send", "NOOP", "--dict", dictionary, "--key-file", keys,
                "--to", $"udp://127.0.0.1:{uplink}", "--ack", $"udp://127.0.0.1:{downlink}", "--timeout", "0.5");

            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error, Does.Contain("no final acknowledgement for NOOP tag 1 within 0.5 s"));
        }
    }

    [Test]
    public void With_a_downlink_the_command_goes_through_cop1_type_ad_to_a_running_flight_and_completes()
    {
        (TempFolder folder, string dictionary, _) = Prepare();
        using (folder)
        {
            int downlink;
            using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
            {
                downlink = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
            }

            using var flight = Payload.GroundTest.Station.FlightChild.Create(folder.File("flight"), downlink, 427, 1, "sim", 20);
            flight.Start();

            (int exit, string output, string error) = GroundTestCli.Invoke("send", "SET_MODE", "OPERATE", "--dict", dictionary, "--key-file", flight.KeyFile,
                "--to", Payload.GroundTest.Station.GroundLinkAddress.Format(flight.Uplink), "--ack", $"udp://127.0.0.1:{downlink}", "--tag", "5", "--timeout", "60");

            Assert.That(exit, Is.Zero, error + output);
            Assert.That(output, Does.Contain("SET_MODE (opcode 0x0002) tag 5").And.Contain("COP-1 Type-AD"));
            Assert.That(output, Does.Contain("Accepted").And.Contain("Completed"));
        }
    }
}
