namespace Feed.Api.Seeding.Content;

/// <summary>
/// A real Korean address down to the neighbourhood: a province-level unit (특별시, 광역시,
/// 특별자치시, 도, 특별자치도), then a city or county (시, 군) in a province, then a district
/// (구: autonomous in a 특별시 or 광역시, or inside a large 시), then a 동, 읍 or 면.
/// </summary>
public sealed record KoreanPlace(string Province, string? City, string? District, string Neighbourhood)
{
    /// <summary>How people name where they meet: the smallest unit above the neighbourhood, then the neighbourhood.</summary>
    public string Short => $"{District ?? City ?? Province} {Neighbourhood}";

    public override string ToString() => string.Join(' ', new[] { Province, City, District, Neighbourhood }.Where(p => p is not null));

    public static IReadOnlyList<KoreanPlace> All { get; } =
    [
        new("서울특별시", null, "마포구", "망원동"),
        new("서울특별시", null, "마포구", "연남동"),
        new("서울특별시", null, "강남구", "역삼동"),
        new("서울특별시", null, "송파구", "잠실동"),
        new("서울특별시", null, "성동구", "성수동"),
        new("서울특별시", null, "관악구", "신림동"),
        new("서울특별시", null, "노원구", "상계동"),
        new("서울특별시", null, "용산구", "이태원동"),
        new("서울특별시", null, "영등포구", "여의도동"),
        new("서울특별시", null, "광진구", "자양동"),
        new("부산광역시", null, "해운대구", "우동"),
        new("부산광역시", null, "수영구", "광안동"),
        new("부산광역시", null, "부산진구", "전포동"),
        new("부산광역시", null, "기장군", "기장읍"),
        new("대구광역시", null, "수성구", "범어동"),
        new("대구광역시", null, "중구", "삼덕동"),
        new("인천광역시", null, "연수구", "송도동"),
        new("인천광역시", null, "부평구", "부평동"),
        new("인천광역시", null, "강화군", "강화읍"),
        new("광주광역시", null, "서구", "치평동"),
        new("광주광역시", null, "북구", "용봉동"),
        new("대전광역시", null, "유성구", "봉명동"),
        new("대전광역시", null, "서구", "둔산동"),
        new("울산광역시", null, "남구", "삼산동"),
        new("세종특별자치시", null, null, "보람동"),
        new("세종특별자치시", null, null, "조치원읍"),
        new("경기도", "성남시", "분당구", "정자동"),
        new("경기도", "수원시", "영통구", "매탄동"),
        new("경기도", "고양시", "일산동구", "장항동"),
        new("경기도", "용인시", "수지구", "풍덕천동"),
        new("경기도", "파주시", null, "금촌동"),
        new("경기도", "양평군", null, "양평읍"),
        new("경기도", "가평군", null, "청평면"),
        new("강원특별자치도", "춘천시", null, "효자동"),
        new("강원특별자치도", "강릉시", null, "교동"),
        new("강원특별자치도", "평창군", null, "대관령면"),
        new("충청북도", "청주시", "흥덕구", "복대동"),
        new("충청남도", "천안시", "서북구", "불당동"),
        new("충청남도", "공주시", null, "유구읍"),
        new("전북특별자치도", "전주시", "완산구", "효자동"),
        new("전라남도", "여수시", null, "학동"),
        new("전라남도", "담양군", null, "담양읍"),
        new("경상북도", "포항시", "남구", "대잠동"),
        new("경상북도", "경주시", null, "황남동"),
        new("경상남도", "창원시", "성산구", "상남동"),
        new("경상남도", "창원시", "의창구", "용호동"),
        new("경상남도", "진주시", null, "평거동"),
        new("경상남도", "거창군", null, "거창읍"),
        new("제주특별자치도", "제주시", null, "노형동"),
        new("제주특별자치도", "서귀포시", null, "중문동"),
    ];
}
