using System.Text.RegularExpressions;

namespace Vigie.Core.Vulnerabilities.Translation;

/// <summary>One line of the translation table: who publishes the program and how it is named, and the CPE it is.</summary>
public sealed record TranslationRule(string Id, Regex? Publisher, Regex Name, char Part, string Vendor, string Product, string VersionTemplate,
    string? UpdateTemplate);
