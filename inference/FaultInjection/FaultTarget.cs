namespace Payload.Inference.FaultInjection;

/// <summary>Where a campaign injects a fault.</summary>
public enum FaultTarget
{
    /// <summary>An element of a weight buffer (a float32 initializer we own and ORT reads live).</summary>
    Weight,

    /// <summary>An element of the input tile tensor, after normalisation.</summary>
    Input,

    /// <summary>An element of an intermediate activation: the graph is split there, the head runs, the fault is applied, the tail runs.</summary>
    Activation,

    /// <summary>An element of the model output, before decoding.</summary>
    Output,

    /// <summary>A byte of a checkpoint slot file on disk (<see cref="CheckpointInjection"/>): the store then loads.</summary>
    Checkpoint,

    /// <summary>Bytes of a CADU codeblock on the link: the receiver's Reed-Solomon decode then runs (ground-test supplies this target).</summary>
    Cadu,
}
