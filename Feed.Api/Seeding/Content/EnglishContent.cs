namespace Feed.Api.Seeding.Content;

/// <summary>Curated English: people's names, games, places in a made-up city, and posts as people write them.</summary>
internal static class EnglishContent
{
    private static readonly string[] Places =
    [
        "Riverside", "Old Town", "Maple Heights", "Harbor Point", "Eastside", "Westfield", "Northgate", "Southbank",
        "Cedar Grove", "Lakeview", "Midtown", "Hillcrest", "Oakwood", "Brookside", "Elm Park", "Greenwood", "Bayview",
        "Fairmount", "Kingsbridge", "Willow Creek", "Stonebridge", "Pine Ridge", "Union Square", "Market District",
    ];

    private static readonly string[] Venues =
    [
        "Park", "Community Center", "Rec Center", "Sports Hall", "courts", "YMCA", "Climbing Gym", "Board Game Cafe",
        "Library", "Bowling Lanes", "Athletic Field", "High School gym", "Tennis Club", "Pool", "Commons",
    ];

    public static FeedContent Content { get; } = new()
    {
        Locale = "en",
        GivenNames =
        [
            "Emma", "Olivia", "Ava", "Sophia", "Mia", "Amelia", "Harper", "Evelyn", "Abigail", "Emily", "Ella", "Chloe",
            "Grace", "Lily", "Hannah", "Zoe", "Nora", "Ruby", "Alice", "Clara", "Maya", "Leah", "Sarah", "Julia", "Laura",
            "Rachel", "Megan", "Priya", "Aisha", "Sofia", "Ines", "Yuki", "Liam", "Noah", "Oliver", "James", "Elijah",
            "William", "Henry", "Lucas", "Benjamin", "Theo", "Jack", "Daniel", "Samuel", "David", "Joseph", "Owen",
            "Ethan", "Leo", "Max", "Ryan", "Adam", "Nathan", "Tom", "Ben", "Sam", "Chris", "Mark", "Raj", "Omar", "Diego",
            "Marco", "Kenji", "Tariq", "Felix",
        ],
        FamilyNames =
        [
            "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
            "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker",
            "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell",
            "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris",
            "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Reed", "Bailey", "Bell", "Kelly", "Howard", "Ward", "Patel",
            "Nguyen", "Kim", "Chen", "Rossi", "Novak", "Fischer", "O'Brien", "Okafor", "Haddad",
        ],
        FullName = (given, family) => $"{given} {family}",
        OtherName = (random, given, family) => $"{given} {(char)random.Int('A', 'Z')}. {family}",
        Games =
        [
            "Basketball 3-on-3", "Five-a-side football", "Badminton doubles", "Table tennis", "Catan", "Chess blitz",
            "Bouldering", "5K run", "Beach volleyball", "Tennis doubles", "Go", "Board game night", "Bowling",
            "Ultimate frisbee", "Pickleball", "Mahjong", "Group ride", "Squash", "Top-rope climbing", "Poker night",
            "Pub quiz", "Trail run", "Yoga in the park", "Pickup soccer", "Darts", "Ticket to Ride", "Codenames",
            "D&D one-shot", "Pool", "Lap swim", "Sunday hike", "Disc golf", "Softball", "Padel",
        ],
        Location = random => $"{FeedContent.Pick(random, Places)} {FeedContent.Pick(random, Venues)}",
        TeamNames =
        [
            "{area} {sport} Crew", "{day} Night {group}", "The {adjective} {animals}", "{area} Runners", "{sport} Buddies",
            "{area} {sport} Club", "{adjective} {group}", "After-work {sport}", "{area} Regulars", "{day} {sport} Squad",
        ],
        Titles =
        [
            "Anyone up for {game} this {day}?", "Looking for a {game} partner near {area}", "Finally beat my personal best at {game}",
            "Rainy {day}, what is everyone up to?", "Best spot for {game} around {area}?", "{game} at {place} was packed today",
            "Lost a water bottle at {place}", "Just moved to {area}, say hi!", "First time trying {game}, any tips?",
            "Who else is doing the {place} fun run?", "New {thing} day!", "Sore everywhere after {game} yesterday",
            "Recommendations for a good {thing}?", "Thanks for the great game last {day}", "Is {place} open on holidays?",
            "Weekend plans: {game} and {food}", "Heads up: the {place} courts are being resurfaced", "Need one more for {game} tonight",
            "What is your post-workout {food}?", "Photos from {game} are up", "{game} or {game}? Help me decide",
            "Can we move {day}'s game to {time}?",
        ],
        Sentences =
        [
            "Had a great time at {place} with everyone.", "We usually start around {time} and go for about two hours.",
            "Beginners are totally welcome, we were all new once.", "Bring water and comfortable shoes.",
            "Parking is a bit tricky, so take the bus if you can.", "I'm still sore from last {day}, but it was worth it.",
            "If anyone has a spare {thing}, let me know!", "We grabbed {food} afterwards, which was honestly the best part.",
            "Drop a comment if you want to join next time.", "The forecast looks good for {day}.",
            "Shout-out to everyone who stayed to help clean up.",
            "I've been playing {game} for a few months and I'm finally getting better.",
            "Does anyone know if {place} needs a reservation?", "Happy to lend my {thing} to whoever needs one.",
            "Last time twelve people showed up, which was amazing.", "Let's keep it friendly and fun, no pressure.",
            "I'll be there a bit early to set up.", "Can't believe how fast this group has grown.", "Any tips for a total beginner?",
            "See you all on {day}!", "My {thing} finally gave up, so I'm shopping for a new one.",
            "The new lights at {place} make evening games so much better.",
            "We're splitting into two groups if more than ten people come.", "Kids are welcome if they're with a grown-up.",
        ],
        Comments =
        [
            "This looks fun!", "Count me in!", "What time does it start?", "Is there still room for one more?",
            "I'm in for {day}!", "Wish I could make it, have fun!", "Is it okay for beginners?", "Where exactly at {place}?",
            "Great photos!", "Can I bring a friend?", "See you there!", "Omg same", "This is the best group in {area}",
            "How many people usually come?", "Do I need my own {thing}?", "Ugh, I have work on {day}. Next time!",
            "Is parking free there?", "Anyone want to grab {food} after?", "Thanks for organizing this!", "Love this so much",
            "Is it still on if it rains?", "Running 10 minutes late, save me a spot", "Who's bringing the {thing}?",
            "Last time was so much fun", "Haha I remember that", "Congrats, that's a huge improvement!", "Welcome to {area}!",
            "Can we do {time} instead?", "I've been wanting to try {game} forever", "Totally agree", "Where did you get that {thing}?",
            "Any tips for a total beginner?", "Same time next week?", "Ooh {food} sounds perfect", "Sign me up",
        ],
        Replies =
        [
            "Yes! See you there", "Thanks!", "Haha true", "Same here", "It starts at {time}", "Totally, beginners welcome",
            "Right by the entrance of {place}", "Of course, the more the merrier", "I'll bring an extra {thing}", "Agreed!",
            "No worries, next time!", "Yep, it's free after 6", "I'm down for {food}", "Good question, I'll check", "Sounds good",
            "Thank you, that means a lot", "Let's do it", "We'll save you a spot", "Usually about ten of us", "Exactly what I thought",
        ],
        Reactions = ["🔥🔥🔥", "👏👏", "😂😂", "lol", "Wow", "Nice!", "❤️", "🙌", "Yesss", "💯", "Amazing", "haha"],
        Slots = new Dictionary<string, IReadOnlyList<string>>
        {
            ["place"] = [.. Places.SelectMany(p => Venues.Take(6).Select(v => $"{p} {v}"))],
            ["area"] = Places,
            ["day"] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
            ["time"] = ["7 am", "8:30 am", "noon", "6:30 pm", "7 pm", "8 pm"],
            ["food"] = ["tacos", "pizza", "ramen", "coffee", "smoothies", "burgers", "bubble tea", "pancakes", "dumplings"],
            ["thing"] =
            [
                "racket", "pair of running shoes", "yoga mat", "bike pump", "chess clock", "basketball", "can of tennis balls",
                "board game", "water bottle",
            ],
            ["sport"] =
            [
                "Running", "Pickup Basketball", "Board Game", "Climbing", "Badminton", "Chess", "Cycling", "Tennis", "Volleyball",
                "Hiking", "Futsal", "Trivia",
            ],
            ["group"] = ["Gamers", "Hoopers", "Runners", "Climbers", "Ballers", "Regulars", "Riders", "Hikers"],
            ["adjective"] = ["Lazy", "Mighty", "Rusty", "Flying", "Midnight", "Weekend", "Sunny", "Quiet", "Lucky", "Early"],
            ["animals"] = ["Otters", "Foxes", "Pandas", "Owls", "Badgers", "Herons", "Tigers", "Penguins", "Geese"],
        },
    };
}
