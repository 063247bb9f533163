namespace Payload.Inference.FaultInjection;

/// <summary>
/// Draws a campaign's injection list from its seed: target by the spec's weights, then a tensor
/// element uniformly over all elements of that target (so bigger tensors are hit more often, as
/// upsets in memory are), a tile, a bit field by the spec's weights and a bit uniformly in it,
/// and a fault model. Byte targets (checkpoint, CADU) draw a region and a first-byte offset
/// uniformly over all offsets, a tile, a bit of the byte and a fault model. The same spec and model
/// always give the same list.
/// </summary>
internal sealed class CampaignPlanner(Campaign campaign)
{
    public IReadOnlyList<InjectionRecord> Plan()
    {
        CampaignSpec spec = campaign.Spec;
        Random random = new(spec.Seed);
        (FaultTarget Target, double Weight)[] targets = [.. Enum.GetValues<FaultTarget>()
            .Select(t => (t, spec.Targets.GetValueOrDefault(t)))
            .Where(p => p.Item2 > 0)];
        foreach ((FaultTarget target, _) in targets)
        {
            if (IsByteTarget(target))
            {
                _ = campaign.ByteTarget(target);
                continue;
            }

            if (Slots(target).Count == 0)
            {
                throw new CampaignException($"Campaign spec: targets.{target} has weight > 0 but the model has no float32 {target} tensor to hit.");
            }
        }

        (BitField Field, double Weight)[] fields = [.. Enum.GetValues<BitField>().Select(f => (f, spec.BitFields.GetValueOrDefault(f))).Where(p => p.Item2 > 0)];
        (FaultModel Model, double Weight)[] models = [.. Enum.GetValues<FaultModel>().Select(m => (m, spec.FaultModels.GetValueOrDefault(m))).Where(p => p.Item2 > 0)];

        InjectionRecord[] records = new InjectionRecord[spec.Injections];
        for (int i = 0; i < records.Length; i++)
        {
            FaultTarget target = Pick(random, targets);
            if (IsByteTarget(target))
            {
                records[i] = PlanByte(random, campaign.ByteTarget(target), models, i);
                continue;
            }

            (string tensor, long element) = PickElement(random, Slots(target));
            int tile = random.Next(campaign.TileCount);
            BitField field = Pick(random, fields);
            (int low, int high) = field switch
            {
                BitField.Sign => (Fault.Float32SignBit, Fault.Float32SignBit),
                BitField.Exponent => (Fault.Float32MantissaBits, Fault.Float32SignBit - 1),
                _ => (0, Fault.Float32MantissaBits - 1),
            };
            int top = random.Next(low, high + 1);
            FaultModel model = Pick(random, models);
            int draw = random.Next(256);
            Fault fault = model switch
            {
                FaultModel.SingleBit => new Fault(model, top),
                FaultModel.AdjacentBits => new Fault(model, Math.Max(0, top - spec.AdjacentWidth + 1), Math.Min(spec.AdjacentWidth, top + 1)),
                FaultModel.ByteStuckAt => new Fault(model, top / 8 * 8, 1, (byte)(draw < 128 ? 0x00 : 0xFF)),
                _ => new Fault(model, top / 8 * 8, 1, (byte)draw),
            };
            records[i] = new InjectionRecord
            {
                Index = i,
                Target = target,
                Tensor = tensor,
                Element = element,
                FaultModel = fault.Model,
                Bit = fault.Bit,
                Width = fault.Width,
                Value = fault.Value,
                BitField = fault.Field,
                Tile = tile,
                Inference = i,
                GoldenHash = campaign.Golden(tile).Hash,
            };
        }

        return records;
    }

    internal static bool IsByteTarget(FaultTarget target) => target is FaultTarget.Checkpoint or FaultTarget.Cadu;

    private InjectionRecord PlanByte(Random random, IByteFaultTarget bytes, (FaultModel Model, double Weight)[] models, int index)
    {
        (string region, long offset) = PickElement(random, [.. bytes.Regions.Select(r => new TensorSlot(r.Name, [r.Offsets]))]);
        int tile = random.Next(campaign.TileCount);
        int top = random.Next(8);
        FaultModel model = Pick(random, models);
        int draw = random.Next(256);
        Fault fault = model switch
        {
            FaultModel.SingleBit => new Fault(model, top),
            FaultModel.AdjacentBits => new Fault(model, Math.Max(0, top - campaign.Spec.AdjacentWidth + 1), Math.Min(campaign.Spec.AdjacentWidth, top + 1)),
            FaultModel.ByteStuckAt => new Fault(model, 0, 1, (byte)(draw < 128 ? 0x00 : 0xFF)),
            _ => new Fault(model, 0, 1, (byte)draw),
        };
        return new InjectionRecord
        {
            Index = index,
            Target = bytes.Target,
            Tensor = region,
            Element = offset,
            FaultModel = fault.Model,
            Bit = fault.Bit,
            Width = fault.Width,
            Value = fault.Value,
            BitField = BitField.Byte,
            Tile = tile,
            Inference = index,
            GoldenHash = bytes.GoldenHash(tile),
        };
    }

    private IReadOnlyList<TensorSlot> Slots(FaultTarget target) => target switch
    {
        FaultTarget.Weight => campaign.WeightSlots,
        FaultTarget.Activation => campaign.ActivationSlots,
        FaultTarget.Input => [new TensorSlot(campaign.Manifest.InputName, [campaign.Golden(0).Input.Length])],
        _ => [new TensorSlot(campaign.Manifest.OutputName, campaign.Golden(0).OutputShape)],
    };

    private static (string Tensor, long Element) PickElement(Random random, IReadOnlyList<TensorSlot> slots)
    {
        long total = slots.Sum(s => s.Elements);
        long flat = random.NextInt64(total);
        foreach (TensorSlot slot in slots)
        {
            if (flat < slot.Elements)
            {
                return (slot.Name, flat);
            }

            flat -= slot.Elements;
        }

        throw new InvalidOperationException("The flat index ran past the last tensor.");
    }

    private static T Pick<T>(Random random, (T Item, double Weight)[] choices)
    {
        double draw = random.NextDouble() * choices.Sum(c => c.Weight);
        foreach ((T item, double weight) in choices)
        {
            if (draw < weight)
            {
                return item;
            }

            draw -= weight;
        }

        return choices[^1].Item;
    }
}
