namespace Feed.Api.Seeding.Content;

/// <summary>
/// Curated Korean: names as Koreans are named, games and venues in Hangul, real neighbourhoods, and posts as people write them.
/// </summary>
internal static class KoreanContent
{
    private static readonly string[] Venues =
    [
        "실내체육관", "체육공원", "풋살장", "보드게임카페", "주민센터", "테니스장", "농구장", "볼링장", "탁구장",
        "클라이밍짐", "근린공원", "문화센터", "스포츠센터", "배드민턴장", "당구장", "수영장",
    ];

    // Syllables that make common given names when two are put together (민준, 서윤, 도현, 지아 ...), for more names than the list below.
    private static readonly string[] FirstSyllables =
    [
        "민", "서", "도", "예", "시", "하", "주", "지", "준", "현", "건", "우", "선", "연", "유",
        "정", "승", "은", "수", "재", "태", "채", "다", "소", "나", "가", "혜", "윤", "진", "영",
    ];

    private static readonly string[] SecondSyllables =
    [
        "준", "윤", "우", "호", "후", "서", "현", "진", "원", "민", "연", "아", "은",
        "빈", "린", "율", "인", "희", "영", "수", "성", "훈", "혁", "찬", "경",
    ];

    public static FeedContent Content { get; } = new()
    {
        Locale = "ko",
        GivenNames =
        [
            "민준", "서준", "도윤", "예준", "시우", "하준", "주원", "지호", "지후", "준우", "준서", "도현", "건우", "현우",
            "우진", "선우", "서진", "민재", "현준", "연우", "유준", "정우", "승우", "승현", "시윤", "준혁", "은우", "지환",
            "승민", "유찬", "윤우", "민성", "준영", "시후", "진우", "지원", "수호", "재윤", "태윤", "서윤", "서연", "지우",
            "하윤", "서현", "민서", "하은", "지유", "윤서", "채원", "지민", "수아", "지아", "다은", "은서", "예은", "수빈",
            "예린", "소윤", "지안", "하린", "유나", "서아", "민지", "채은", "유진", "예나", "수민", "지윤", "소율", "나연",
            "다인", "아린", "가은", "연서", "혜원", "은지", "미정", "영희", "성민", "동현", "상훈", "경민", "보람", "슬기",
        ],
        FamilyNames =
        [
            "김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황", "안", "송",
            "류", "전", "홍", "고", "문", "양", "손", "배", "백", "허", "남", "심", "노", "하", "곽", "성", "차", "주",
        ],
        FullName = (given, family) => family + given,
        OtherName = (random, given, family) => random.Bool()
            ? FeedContent.Pick(random, ["남궁", "황보", "제갈", "선우", "독고"]) + given
            : family + FeedContent.Pick(random, FirstSyllables) + FeedContent.Pick(random, SecondSyllables),
        Games =
        [
            "농구 3대3", "풋살", "배드민턴 복식", "탁구", "카탄", "체스", "볼더링", "한강 러닝", "배구", "테니스 복식",
            "바둑", "보드게임", "볼링", "족구", "피클볼", "마작", "자전거 라이딩", "스쿼시", "클라이밍", "등산", "야구",
            "조기축구", "수영", "요가", "당구", "스크린골프", "할리갈리", "루미큐브", "다빈치코드", "오목", "장기", "줄넘기",
        ],
        Location = random =>
        {
            var place = KoreanPlace.All[random.Int(0, KoreanPlace.All.Count - 1)];
            return $"{place.Short} {FeedContent.Pick(random, Venues)}";
        },
        TeamNames =
        [
            "{area} {sport} 모임", "{day} {sport} 크루", "{area} {sport} 동호회", "퇴근 후 {sport}", "{sport} 좋아하는 사람들",
            "{area} 보드게임 방", "{area} 러닝크루", "주말 {sport} 번개", "{sport} 초보 환영방", "{day} 아침 {sport}",
        ],
        Titles =
        [
            "이번 주 {day}에 {game} 하실 분 계신가요?", "{area} 근처에서 {game} 같이 할 사람 구해요", "{game|을} 처음 해봤는데 너무 재밌네요",
            "오늘 {place} 사람 엄청 많네요", "{place}에 물병 두고 오신 분?", "{area|으로} 이사 왔어요, 잘 부탁드려요!",
            "{game} 초보인데 팁 좀 알려주세요", "{day} 모임 후기 올립니다", "오늘 {game} 개인 기록 깼어요!",
            "비 오는 {day}, 다들 뭐 하세요?", "{area} 맛집 추천 부탁드려요", "운동 끝나고 {food} 먹으러 갈 분",
            "{game} 한 명만 더 구합니다", "{thing|을} 새로 샀어요", "지난 {day} 경기 고마웠습니다", "{place|은} 주말에도 여나요?",
            "오랜만에 {game|을} 했더니 온몸이 쑤셔요", "이번 주말 {game} 어떠세요?", "{day} 모임 사진 올렸어요!",
            "{game|과} {game} 중에 뭐가 더 재밌어요?", "{day} 경기 {time|으로} 옮겨도 될까요?",
        ],
        Sentences =
        [
            "오늘 {place}에서 다들 정말 즐거웠어요.", "보통 {time}쯤 시작해서 두 시간 정도 해요.", "처음 오셔도 괜찮아요, 다들 친절해요.",
            "물이랑 편한 운동화 챙겨 오세요.", "주차가 좀 어려우니 대중교통 추천드려요.", "지난 {day}에 무리했더니 아직도 근육통이 있네요.",
            "혹시 남는 {thing} 있으신 분 연락 주세요!", "끝나고 다 같이 {food|을} 먹었는데 그게 제일 좋았어요.", "다음에 오실 분은 댓글 남겨 주세요.",
            "{day} 날씨가 좋다고 하네요.", "정리 도와주신 분들 감사합니다.", "{game|을} 몇 달째 하고 있는데 이제야 좀 늘었어요.",
            "{place} 예약이 필요한지 아시는 분 계신가요?", "{thing} 필요하신 분께 빌려드릴게요.", "지난번엔 열두 명이나 와서 깜짝 놀랐어요.",
            "부담 없이 편하게 오세요.", "저는 조금 일찍 가서 준비하고 있을게요.", "모임이 이렇게 커질 줄 몰랐네요.", "완전 초보도 괜찮을까요?",
            "{day}에 봬요!", "{thing|이} 드디어 망가져서 새로 알아보고 있어요.", "열 명 넘게 오면 두 팀으로 나눠서 할게요.",
            "아이들도 보호자와 함께라면 환영이에요.", "조명이 새로 바뀌어서 저녁에 하기 훨씬 좋아졌어요.",
        ],
        Slots = new Dictionary<string, IReadOnlyList<string>>
        {
            ["place"] = [.. KoreanPlace.All.SelectMany(p => Venues.Take(6).Select(v => $"{p.Neighbourhood} {v}"))],
            ["area"] = [.. KoreanPlace.All.Select(p => p.Neighbourhood).Distinct()],
            ["day"] = ["월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일"],
            ["time"] = ["아침 7시", "오전 9시", "점심", "저녁 6시 반", "저녁 7시", "밤 8시"],
            ["food"] = ["치킨", "떡볶이", "국밥", "삼겹살", "냉면", "커피", "빙수", "김밥", "라면"],
            ["thing"] = ["라켓", "러닝화", "요가매트", "자전거 펌프", "체스 시계", "농구공", "테니스공", "보드게임", "셔틀콕"],
            ["sport"] = ["러닝", "농구", "보드게임", "클라이밍", "배드민턴", "체스", "자전거", "테니스", "배구", "등산", "풋살", "탁구", "볼링"],
        },
    };
}
