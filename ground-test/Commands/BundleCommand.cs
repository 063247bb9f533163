using System.CommandLine;
using System.Security.Cryptography;
using Payload.Inference.Packages;

namespace Payload.GroundTest.Commands;

/// <summary><c>ground-test bundle</c>: sign a <c>dotnet publish</c> folder into a rig bundle, and verify one as the payload's updater does.</summary>
internal static class BundleCommand
{
    public static Command Create() => new("bundle", "Signed software bundles for rigs.") { CreatePack(), CreateVerify() };

    private static Command CreatePack()
    {
        Option<DirectoryInfo> publish = new("--publish-dir") { Description = "Output folder of dotnet publish for the RID.", Required = true };
        Option<string> rid = new("--rid") { Description = $"Runtime identifier: {string.Join(" or ", RuntimeBundle.SupportedRids.Keys)}.", Required = true };
        Option<string> name = new("--name") { Description = "Bundle name.", DefaultValueFactory = _ => "payload-flight" };
        Option<string> version = new("--version") { Description = "Bundle version.", DefaultValueFactory = _ => "0.0.0" };
        Option<FileInfo> key = new("--key") { Description = $"The private ground key ({ModelCommand.PrivateKeyFile}).", Required = true };
        Option<FileInfo> output = new("--out") { Description = "Bundle to write: .tar.gz, or .zip.", Required = true };
        Command pack = new("pack", "Seal a publish folder into a signed bundle with the SHA-256 of every file; native files must match the RID.")
        {
            publish, rid, name, version, key, output,
        };
        pack.SetAction(parse =>
        {
            try
            {
                using GroundKey signingKey = GroundKey.Load(parse.GetRequiredValue(key).FullName);
                (PackageContents contents, PackageManifest manifest) = RuntimeBundle.Build(
                    parse.GetRequiredValue(publish).FullName, parse.GetRequiredValue(rid), parse.GetRequiredValue(name), parse.GetRequiredValue(version), signingKey);
                string target = parse.GetRequiredValue(output).FullName;
                contents.WriteArchive(target, manifest);
                parse.InvocationConfiguration.Output.WriteLine(
                    $"wrote {target} ({new FileInfo(target).Length} bytes): {manifest.Name} {manifest.Version} for {manifest.Rid}, {manifest.Files.Count} files, signed by key {signingKey.KeyId}");
                return 0;
            }
            catch (Exception e) when (e is PackageRejectedException or CryptographicException or IOException or ArgumentException or UnauthorizedAccessException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"bundle pack: {e.Message}");
                return 1;
            }
        });
        return pack;
    }

    private static Command CreateVerify()
    {
        Argument<FileInfo> bundle = new("bundle") { Description = "Bundle (.tar.gz, .zip or folder)." };
        Option<string> rid = new("--rid") { Description = "Runtime identifier the payload runs.", Required = true };
        Option<FileInfo> key = new("--key") { Description = $"The trusted public key ({ModelCommand.PublicKeyFile}).", Required = true };
        Command verify = new("verify", "Check a bundle's signature, every file hash, its RID and the machine of its native files.") { bundle, rid, key };
        verify.SetAction(parse =>
        {
            try
            {
                using GroundKey trusted = GroundKey.Load(parse.GetRequiredValue(key).FullName);
                VerifiedPackage package = PackageVerifier.Verify(parse.GetRequiredValue(bundle).FullName, trusted);
                RuntimeBundle.Check(package, parse.GetRequiredValue(rid));
                parse.InvocationConfiguration.Output.WriteLine(
                    $"accepted {package.Manifest.Name} {package.Manifest.Version} for {package.Manifest.Rid}: {package.Manifest.Files.Count} files, sha256 {package.ManifestHash}");
                return 0;
            }
            catch (PackageRejectedException e)
            {
                parse.InvocationConfiguration.Error.WriteLine($"bundle verify: rejected ({e.Reason}): {e.Message}");
                return 1;
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"bundle verify: {e.Message}");
                return 1;
            }
        });
        return verify;
    }
}
