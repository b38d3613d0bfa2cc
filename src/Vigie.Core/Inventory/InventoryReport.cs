namespace Vigie.Core.Inventory;

/// <summary>
/// A full inventory of one machine as an agent reported it, normalised across agents. <c>Software</c> is null when
/// the report has no SOFTWARES section at all (agent run with --nosoftware): the known software is then kept.
/// </summary>
public sealed record InventoryReport(
    string DeviceId,
    string Agent,
    string? Tag,
    HardwareInfo Hardware,
    IReadOnlyList<CpuInfo> Cpus,
    IReadOnlyList<MemoryInfo> Memories,
    IReadOnlyList<StorageInfo> Storages,
    IReadOnlyList<DriveInfo> Drives,
    IReadOnlyList<NetworkInfo> Networks,
    IReadOnlyList<SoftwareInfo>? Software);

/// <summary>Machine-level facts (HARDWARE, BIOS, OPERATINGSYSTEM sections).</summary>
public sealed record HardwareInfo(
    string Name,
    string? OsName,
    string? OsVersion,
    string? OsFullName,
    string? Kernel,
    string? Architecture,
    string? Uuid,
    string? Serial,
    string? Manufacturer,
    string? Model,
    string? BiosVendor,
    string? BiosVersion,
    string? BiosDate,
    long? MemoryMb,
    string? IpAddress,
    string? Domain,
    string? LastUser,
    string? VmSystem);

public sealed record CpuInfo(string? Name, string? Manufacturer, int? Cores, int? Threads, int? SpeedMhz, string? Architecture);

public sealed record MemoryInfo(string? Slot, long? CapacityMb, string? Type, string? Speed, string? Serial);

public sealed record StorageInfo(string? Name, string? Manufacturer, string? Model, long? SizeMb, string? Serial, string? Firmware, string? Type);

public sealed record DriveInfo(string? Volume, string? MountPoint, string? FileSystem, long? TotalMb, long? FreeMb, string? Label);

public sealed record NetworkInfo(string? Name, string? Mac, string? IpAddress, string? IpMask, string? Gateway, string? Type, string? Status, bool Virtual);

/// <summary>One installed program or package; <c>PackageName</c> is the dpkg/rpm name exactly as the agent gave it.</summary>
public sealed record SoftwareInfo(string Name, string? Version, string? Publisher, string? Architecture, string? InstallDate, string? PackageName, string? Source);
