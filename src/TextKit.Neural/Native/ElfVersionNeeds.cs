using System.Buffers.Binary;
using System.Text;

namespace TextKit.Neural.Native;

/// <summary>
/// Minimal ELF64 little-endian reader for the two things the LibTorchSharp workaround needs: the DT_NEEDED list and
/// the version-need entries of <c>.gnu.version_r</c> (whose <c>vna_flags</c> it can mark weak).
/// Layouts follow the System V gABI and the LSB "Symbol Versioning" chapter.
/// </summary>
internal static class ElfVersionNeeds
{
    private const uint ShtDynamic = 6;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const long DtNull = 0;
    private const long DtNeeded = 1;

    /// <summary>VER_FLG_WEAK: a missing version is a warning, not an error, for the dynamic linker.</summary>
    public const ushort VerFlagWeak = 0x2;

    /// <summary>A version-need entry: the library it comes from, the version name, its flags and the offset of vna_flags.</summary>
    public readonly record struct VersionNeed(string Library, string Version, ushort Flags, int FlagsOffset);

    public static IReadOnlyList<string> Needed(ReadOnlySpan<byte> elf)
    {
        var result = new List<string>();
        foreach (var section in Sections(elf))
        {
            if (section.Type != ShtDynamic)
                continue;
            var strtab = SectionAt(elf, section.Link);
            for (long p = section.Offset; p + 16 <= section.Offset + section.Size; p += 16)
            {
                long tag = BinaryPrimitives.ReadInt64LittleEndian(Slice(elf, p, 8));
                if (tag == DtNull)
                    break;
                if (tag == DtNeeded)
                    result.Add(ReadString(elf, strtab.Offset + BinaryPrimitives.ReadInt64LittleEndian(Slice(elf, p + 8, 8))));
            }
        }
        return result;
    }

    public static IReadOnlyList<VersionNeed> VersionNeeds(ReadOnlySpan<byte> elf)
    {
        var result = new List<VersionNeed>();
        foreach (var section in Sections(elf))
        {
            if (section.Type != ShtGnuVerneed)
                continue;
            var strtab = SectionAt(elf, section.Link);
            long vn = section.Offset;
            for (int guard = 0; guard < 10_000; guard++)
            {
                // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32
                ushort count = BinaryPrimitives.ReadUInt16LittleEndian(Slice(elf, vn + 2, 2));
                string file = ReadString(elf, strtab.Offset + BinaryPrimitives.ReadUInt32LittleEndian(Slice(elf, vn + 4, 4)));
                uint aux = BinaryPrimitives.ReadUInt32LittleEndian(Slice(elf, vn + 8, 4));
                uint next = BinaryPrimitives.ReadUInt32LittleEndian(Slice(elf, vn + 12, 4));
                long va = vn + aux;
                for (int j = 0; j < count; j++)
                {
                    // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32
                    ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(Slice(elf, va + 4, 2));
                    string name = ReadString(elf, strtab.Offset + BinaryPrimitives.ReadUInt32LittleEndian(Slice(elf, va + 8, 4)));
                    result.Add(new VersionNeed(file, name, flags, checked((int)(va + 4))));
                    uint anext = BinaryPrimitives.ReadUInt32LittleEndian(Slice(elf, va + 12, 4));
                    if (anext == 0)
                        break;
                    va += anext;
                }
                if (next == 0)
                    break;
                vn += next;
            }
        }
        return result;
    }

    /// <summary>Sets VER_FLG_WEAK on the need for <paramref name="version"/>; false when the file has no such need.</summary>
    public static bool MarkWeak(Span<byte> elf, string version)
    {
        bool found = false;
        foreach (var need in VersionNeeds(elf))
        {
            if (need.Version != version)
                continue;
            BinaryPrimitives.WriteUInt16LittleEndian(elf.Slice(need.FlagsOffset, 2), (ushort)(need.Flags | VerFlagWeak));
            found = true;
        }
        return found;
    }

    private readonly record struct Section(uint Type, long Offset, long Size, uint Link);

    private static List<Section> Sections(ReadOnlySpan<byte> elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("not a 64-bit little-endian ELF file");
        long shoff = BinaryPrimitives.ReadInt64LittleEndian(Slice(elf, 0x28, 8));
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(Slice(elf, 0x3A, 2));
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(Slice(elf, 0x3C, 2));
        if (shentsize < 64)
            throw new InvalidDataException("bad ELF section header size");
        var sections = new List<Section>(shnum);
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            sections.Add(new Section(
                BinaryPrimitives.ReadUInt32LittleEndian(Slice(elf, sh + 4, 4)),
                BinaryPrimitives.ReadInt64LittleEndian(Slice(elf, sh + 0x18, 8)),
                BinaryPrimitives.ReadInt64LittleEndian(Slice(elf, sh + 0x20, 8)),
                BinaryPrimitives.ReadUInt32LittleEndian(Slice(elf, sh + 0x28, 4))));
        }
        return sections;
    }

    private static Section SectionAt(ReadOnlySpan<byte> elf, uint index)
    {
        var sections = Sections(elf);
        if (index >= sections.Count)
            throw new InvalidDataException("ELF section link out of range");
        return sections[(int)index];
    }

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> elf, long offset, int length)
    {
        if (offset < 0 || offset + length > elf.Length)
            throw new InvalidDataException("ELF structure points outside the file (truncated?)");
        return elf.Slice((int)offset, length);
    }

    private static string ReadString(ReadOnlySpan<byte> elf, long offset)
    {
        if (offset < 0 || offset >= elf.Length)
            throw new InvalidDataException("ELF string offset outside the file");
        var rest = elf[(int)offset..];
        int end = rest.IndexOf((byte)0);
        if (end < 0)
            throw new InvalidDataException("unterminated ELF string");
        return Encoding.ASCII.GetString(rest[..end]);
    }
}
