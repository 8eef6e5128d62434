using Microsoft.ML;
using Microsoft.ML.Data;

namespace TextKit.Neural.ML.Training;

/// <summary>Key-typed label columns as ML.NET trainers use them (1-based keys, names in the KeyValues annotation).</summary>
internal static class LabelColumns
{
    public static bool IsKey(DataViewType type) => type is KeyDataViewType { Count: > 0 and <= int.MaxValue };

    public static bool IsKeyVector(DataViewType type) => type is VectorDataViewType { ItemType: KeyDataViewType { Count: > 0 and <= int.MaxValue } };

    /// <summary>The label names of a key column (its KeyValues), or "1".."N" when it has none.</summary>
    public static string[] Names(DataViewSchema.Column column)
    {
        var keyType = (KeyDataViewType)(column.Type is VectorDataViewType v ? v.ItemType : column.Type);
        int count = (int)keyType.Count;
        if (column.Annotations.Schema.GetColumnOrNull("KeyValues") is { Type: VectorDataViewType { ItemType: TextDataViewType } })
        {
            VBuffer<ReadOnlyMemory<char>> values = default;
            column.Annotations.GetValue("KeyValues", ref values);
            var names = values.DenseValues().Select(m => m.ToString()).ToArray();
            if (names.Length == count)
                return names;
        }
        return Enumerable.Range(1, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>A key type of <paramref name="names"/>.Length values annotated with the names (ML.NET's PredictedLabel shape).</summary>
    public static (DataViewType Type, DataViewSchema.Annotations Annotations) KeyWithValues(IReadOnlyList<string> names, bool vector = false)
    {
        var builder = new DataViewSchema.Annotations.Builder();
        var values = names.Select(n => n.AsMemory()).ToArray();
        ValueGetter<VBuffer<ReadOnlyMemory<char>>> getter = (ref VBuffer<ReadOnlyMemory<char>> destination)
            => destination = new VBuffer<ReadOnlyMemory<char>>(values.Length, (ReadOnlyMemory<char>[])values.Clone());
        builder.Add("KeyValues", new VectorDataViewType(TextDataViewType.Instance, names.Count), getter);
        DataViewType key = new KeyDataViewType(typeof(uint), names.Count);
        return (vector ? new VectorDataViewType((PrimitiveDataViewType)key) : key, builder.ToAnnotations());
    }

    /// <summary>Slot names for a score vector (one per label).</summary>
    public static DataViewSchema.Annotations SlotNames(IReadOnlyList<string> names)
    {
        var builder = new DataViewSchema.Annotations.Builder();
        var values = names.Select(n => n.AsMemory()).ToArray();
        ValueGetter<VBuffer<ReadOnlyMemory<char>>> getter = (ref VBuffer<ReadOnlyMemory<char>> destination)
            => destination = new VBuffer<ReadOnlyMemory<char>>(values.Length, (ReadOnlyMemory<char>[])values.Clone());
        builder.Add("SlotNames", new VectorDataViewType(TextDataViewType.Instance, names.Count), getter);
        return builder.ToAnnotations();
    }
}
