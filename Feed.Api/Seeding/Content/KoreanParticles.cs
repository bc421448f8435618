namespace Feed.Api.Seeding.Content;

/// <summary>
/// Korean particles that depend on the word before them: 을/를, 이/가, 은/는, 과/와, 으로/로.
/// The form with a vowel is chosen when the word's last syllable has a final consonant (받침),
/// as a digit is read (3 = 삼), and 으로 is 로 after ㄹ.
/// </summary>
public static class KoreanParticles
{
    private static readonly Dictionary<string, (string AfterConsonant, string AfterVowel)> Pairs = new()
    {
        ["을"] = ("을", "를"),
        ["이"] = ("이", "가"),
        ["은"] = ("은", "는"),
        ["과"] = ("과", "와"),
        ["으로"] = ("으로", "로"),
    };

    // The final consonant of each digit as read in Sino-Korean: 영 일 이 삼 사 오 육 칠 팔 구 (0 none, 8 ㄹ).
    private static readonly int[] DigitFinals = [21, 8, 0, 16, 0, 0, 1, 8, 8, 0];

    /// <summary>
    /// The particle named by <paramref name="particle"/> (either of its forms) in the form that follows <paramref name="word"/>.
    /// </summary>
    public static string After(string word, string particle)
    {
        var pair = Pairs.GetValueOrDefault(particle, Pairs.Values.FirstOrDefault(p => p.AfterVowel == particle));
        if (pair == default)
        {
            throw new ArgumentOutOfRangeException(nameof(particle), particle, "Not a particle this knows.");
        }

        var final = Final(word.TrimEnd()[^1]);
        if (pair.AfterConsonant == "으로")
        {
            return final is 0 or 8 ? "로" : "으로"; // ㄹ (8) takes 로
        }

        return final == 0 ? pair.AfterVowel : pair.AfterConsonant;
    }

    /// <summary>The index of the syllable's final consonant (0: none), for a Hangul syllable or a digit; 0 otherwise.</summary>
    private static int Final(char c) => c switch
    {
        >= '가' and <= '힣' => (c - '가') % 28,
        >= '0' and <= '9' => DigitFinals[c - '0'],
        _ => 0,
    };
}
