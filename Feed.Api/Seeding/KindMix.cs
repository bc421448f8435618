using System.Globalization;
using Feed.Domain;

namespace Feed.Api.Seeding;

/// <summary>The share of each kind among generated items, keyed by the kinds' names; the shares need not add up to 1.</summary>
public sealed class KindMix
{
    public KindMix(IReadOnlyDictionary<string, double> shares)
    {
        if (shares.Keys.FirstOrDefault(kind => !FeedKinds.All.Contains(kind)) is { } unknown)
        {
            throw new ArgumentException($"'{unknown}' is not a kind: use {string.Join(", ", FeedKinds.All)}.", nameof(shares));
        }

        if (shares.Values.Any(share => share < 0 || !double.IsFinite(share)) || shares.Values.Sum() <= 0)
        {
            throw new ArgumentException("Shares are not negative, and not all zero.", nameof(shares));
        }

        Shares = FeedKinds.All.ToDictionary(kind => kind, kind => shares.GetValueOrDefault(kind));
        _total = Shares.Values.Sum();
    }

    private readonly double _total;

    /// <summary>How common each kind is in a realistic feed: <see cref="FeedFaker.Shares"/>, beside how each looks.</summary>
    public static KindMix Default { get; } = new(FeedFaker.Shares);

    /// <summary>Every kind's share, in the order of <see cref="FeedKinds.All"/> (0 for a kind not named).</summary>
    public IReadOnlyDictionary<string, double> Shares { get; }

    /// <summary>The kind at <paramref name="unit"/> (0 ≤ unit &lt; 1) along the kinds' cumulative shares.</summary>
    public string Pick(double unit)
    {
        var pick = unit * _total;
        var cumulative = 0.0;
        foreach (var (kind, share) in Shares)
        {
            cumulative += share;
            if (pick < cumulative)
            {
                return kind;
            }
        }

        return Shares.Last(s => s.Value > 0).Key;
    }

    /// <summary>
    /// <c>post=50,game=30,team=20</c> (kinds not named get none), or the shares alone in the order
    /// of <see cref="FeedKinds.All"/>: <c>50,30,20</c>.
    /// </summary>
    public static bool TryParse(string text, out KindMix? mix, out string error)
    {
        mix = null;
        var sharesAlone = string.Join(',', Default.Shares.Values.Select(Percent));
        error = $"takes shares by kind, e.g. {Default} (or {sharesAlone}), none negative and not all zero.";
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var named = parts.All(p => p.Contains('='));
        if (!named && parts.Length != FeedKinds.All.Count)
        {
            return false;
        }

        var shares = new Dictionary<string, double>();
        for (var i = 0; i < parts.Length; i++)
        {
            var (kind, value) = named
                ? (parts[i][..parts[i].IndexOf('=')], parts[i][(parts[i].IndexOf('=') + 1)..])
                : (FeedKinds.All[i], parts[i]);
            if (!FeedKinds.All.Contains(kind) || shares.ContainsKey(kind) || !TryParseShare(value, out var share))
            {
                return false;
            }

            shares[kind] = share;
        }

        if (shares.Values.Sum() <= 0)
        {
            return false;
        }

        mix = new KindMix(shares);
        return true;
    }

    /// <summary>One share as written: a finite number, not negative.</summary>
    private static bool TryParseShare(string text, out double share) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out share) && share >= 0 && double.IsFinite(share);

    /// <summary>As <see cref="TryParse"/> reads it, in percent: <c>post=50,game=30,team=20</c>.</summary>
    public override string ToString() => string.Join(',', Shares.Select(s => $"{s.Key}={Percent(s.Value / _total)}"));

    private static string Percent(double share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture);
}
