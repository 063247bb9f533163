namespace Payload.Flight;

/// <summary>The flight executable: composes the libraries from one configuration file.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine($"Payload flight software ({args.Length} arguments).");
        return 0;
    }
}
