namespace LeadOrchestrator.Cadence;

/// <summary>
/// The cadence every tenant starts with: 13 touches over 30 days, SMS and email interleaved, the first
/// two at once (speed to lead) and then sparser. Written for a window-tint / PPF / ceramic shop; tenants
/// edit their copy in <c>cadence_steps</c>. SMS texts stay in GSM-7 and within two segments for typical
/// names and links.
/// </summary>
public static class DefaultCadence
{
    public const string Name = "Default follow-up";

    public sealed record Touch(int Number, TimeSpan Offset, Channel Channel, string? Subject, string Body);

    private const string Hi = """Hi {{ first_name | default: "there" }}""";

    public static readonly IReadOnlyList<Touch> Steps =
    [
        new(1, TimeSpan.Zero, Channel.Sms, null,
            Hi + """, it's {{ shop.name }}. Thanks for asking about {{ service | default: "window tint" }}{% if vehicle %} for your {{ vehicle }}{% endif %}! See prices and pick a time here: {{ chat_link }} Reply STOP to opt out."""),
        new(2, TimeSpan.Zero, Channel.Email, """Your {{ service | default: "estimate" }} quote from {{ shop.name }}""",
            Hi + """
            ,

            Thanks for reaching out to {{ shop.name }}{% if vehicle %} about your {{ vehicle }}{% endif %}. We have your request for {{ service | default: "a quote" }} and we're glad to help.

            Our assistant can show you current prices, answer questions and book a time that suits you:
            {{ chat_link }}

            Our hours: {{ shop.hours }}. Prefer to talk? Call us at {{ shop.phone }}.

            The {{ shop.name }} team
            """),
        new(3, TimeSpan.FromDays(1), Channel.Sms, null,
            Hi + """, any questions about your {{ service | default: "quote" }}? Most jobs take a single visit and we can often fit you in this week. Chat with us: {{ chat_link }}"""),
        new(4, TimeSpan.FromDays(2), Channel.Email, """What to expect from your {{ service | default: "tint" }} appointment""",
            Hi + """
            ,

            Here is how a visit to {{ shop.name }} works: you drop off{% if vehicle %} your {{ vehicle }}{% endif %}, we clean and prep every surface, install your film or coating in a dust-controlled bay, and inspect it with you before you leave. Most window tint jobs take two to four hours; coatings and paint protection film can take a day.

            Every installation comes with a written warranty, and we are happy to walk you through the options first.

            See prices or book a time: {{ chat_link }}

            The {{ shop.name }} team
            """),
        new(5, TimeSpan.FromDays(3), Channel.Sms, null,
            Hi + """. Ceramic film blocks up to 99% of UV and keeps your car noticeably cooler, without interfering with your phone or GPS. Ready to book? {{ chat_link }}"""),
        new(6, TimeSpan.FromDays(5), Channel.Email, "Carbon, ceramic or IR: which film is right for you?",
            Hi + """
            ,

            Not sure which film to choose? In short: carbon film gives a clean matte look and solid heat rejection at a great price; ceramic film rejects more heat and all UV with no signal interference; IR ceramic is our best for hot climates and long drives.

            Our assistant knows our current prices for each and can compare them for your vehicle: {{ chat_link }}

            Or call us at {{ shop.phone }}.

            The {{ shop.name }} team
            """),
        new(7, TimeSpan.FromDays(7), Channel.Sms, null,
            Hi + """, still thinking it over? Ask us anything about your {{ service | default: "quote" }}, or book a time that works for you: {{ chat_link }}"""),
        new(8, TimeSpan.FromDays(10), Channel.Email, """Questions about your {{ vehicle | default: "vehicle" }}?""",
            Hi + """
            ,

            We still have your request on file at {{ shop.name }}. If anything is holding you back, from the price to the legal tint limits to how long the job takes, just ask: {{ chat_link }}

            We are open {{ shop.hours }}.

            The {{ shop.name }} team
            """),
        new(9, TimeSpan.FromDays(14), Channel.Sms, null,
            """{{ shop.name }}: we still have your estimate on file{% if vehicle %} for the {{ vehicle }}{% endif %}. Want us to hold a spot for you? {{ chat_link }}"""),
        new(10, TimeSpan.FromDays(17), Channel.Email, "Protect more than your windows",
            Hi + """
            ,

            Besides window tint, {{ shop.name }} installs clear paint protection film against rock chips and ceramic coatings that keep paint glossy and easy to wash. Many customers combine them in one visit.

            Ask about prices or availability: {{ chat_link }}

            The {{ shop.name }} team
            """),
        new(11, TimeSpan.FromDays(21), Channel.Sms, null,
            Hi + """, openings for next week are filling up at {{ shop.name }}. Grab a time here: {{ chat_link }}"""),
        new(12, TimeSpan.FromDays(25), Channel.Email, """Still interested, {{ first_name | default: "there" }}?""",
            Hi + """
            ,

            We don't want to crowd your inbox, so this is one of our last notes about your {{ service | default: "request" }}. If you would still like it done, pick a time here: {{ chat_link }}

            Thanks for considering {{ shop.name }}.
            """),
        new(13, TimeSpan.FromDays(30), Channel.Sms, null,
            """Last note from {{ shop.name }}: your quote stays good if you change your mind. Book anytime at {{ chat_link }} or call {{ shop.phone }}."""),
    ];
}
