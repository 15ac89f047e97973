namespace LeadOrchestrator.Cadence;

/// <summary>
/// The cadence every tenant starts with: 13 touches over 30 days, SMS and email interleaved, the first
/// two at once (speed to lead) and then sparser. Written for a window-tint / PPF / ceramic shop; tenants
/// edit their copy in <c>cadence_steps</c>. SMS texts stay in GSM-7 and within two segments for typical
/// names and links. Every touch has a Spanish version for leads whose language is Spanish; its texts keep to
/// GSM-7 as well (ñ, é, ¿ and ¡ are in it; á, í, ó and ú are not and would make every text UCS-2, three
/// times the segments), so they are worded around those letters rather than misspelled.
/// </summary>
public static class DefaultCadence
{
    public const string Name = "Default follow-up";

    public sealed record Touch(int Number, TimeSpan Offset, Channel Channel, string? Subject, string Body, string? SpanishSubject, string SpanishBody);

    private const string Hi = """Hi {{ first_name | default: "there" }}""";

    private const string Hola = """Hola{% if first_name %} {{ first_name }}{% endif %}""";

    public static readonly IReadOnlyList<Touch> Steps =
    [
        new(1, TimeSpan.Zero, Channel.Sms, null,
            Hi + """, it's {{ shop.name }}. Thanks for asking about {{ service | default: "window tint" }}{% if vehicle %} for your {{ vehicle }}{% endif %}! See prices and pick a time here: {{ chat_link }} Reply STOP to opt out.""",
            null,
            Hola + """, le saluda {{ shop.name }}. ¡Gracias por su interés en {{ service | default: "el polarizado" }}{% if vehicle %} para su {{ vehicle }}{% endif %}! Vea precios y elija su hora en {{ chat_link }} Responda STOP para darse de baja."""),
        new(2, TimeSpan.Zero, Channel.Email, """Your {{ service | default: "estimate" }} quote from {{ shop.name }}""",
            Hi + """
            ,

            Thanks for reaching out to {{ shop.name }}{% if vehicle %} about your {{ vehicle }}{% endif %}. We have your request for {{ service | default: "a quote" }} and we're glad to help.

            Our assistant can show you current prices, answer questions and book a time that suits you:
            {{ chat_link }}

            Our hours: {{ shop.hours }}. Prefer to talk? Call us at {{ shop.phone }}.

            The {{ shop.name }} team
            """,
            """Su presupuesto de {{ shop.name }}{% if service %}: {{ service }}{% endif %}""",
            Hola + """
            ,

            Gracias por escribir a {{ shop.name }}{% if vehicle %} sobre su {{ vehicle }}{% endif %}. Tenemos su solicitud de {{ service | default: "presupuesto" }} y con gusto le ayudamos.

            Nuestro asistente le muestra los precios actuales, responde sus preguntas y le reserva la hora que mejor le convenga:
            {{ chat_link }}

            Nuestro horario: {{ shop.hours }}. ¿Prefiere hablar por teléfono? Llámenos al {{ shop.phone }}.

            El equipo de {{ shop.name }}
            """),
        new(3, TimeSpan.FromDays(1), Channel.Sms, null,
            Hi + """, any questions about your {{ service | default: "quote" }}? Most jobs take a single visit and we can often fit you in this week. Chat with us: {{ chat_link }}""",
            null,
            Hola + """, ¿preguntas sobre su {{ service | default: "presupuesto" }}? Casi siempre es una sola visita y suele haber lugar esta semana: {{ chat_link }}"""),
        new(4, TimeSpan.FromDays(2), Channel.Email, """What to expect from your {{ service | default: "tint" }} appointment""",
            Hi + """
            ,

            Here is how a visit to {{ shop.name }} works: you drop off{% if vehicle %} your {{ vehicle }}{% endif %}, we clean and prep every surface, install your film or coating in a dust-controlled bay, and inspect it with you before you leave. Most window tint jobs take two to four hours; coatings and paint protection film can take a day.

            Every installation comes with a written warranty, and we are happy to walk you through the options first.

            See prices or book a time: {{ chat_link }}

            The {{ shop.name }} team
            """,
            """Qué esperar de su cita{% if service %} de {{ service }}{% endif %}""",
            Hola + """
            ,

            Así es una visita a {{ shop.name }}: nos deja{% if vehicle %} su {{ vehicle }}{% else %} su vehículo{% endif %}, limpiamos y preparamos cada superficie, instalamos la película o el recubrimiento en un área libre de polvo y lo revisamos con usted antes de que se vaya. La mayoría de los polarizados toman de dos a cuatro horas; los recubrimientos y la película de protección de pintura pueden tomar un día.

            Cada instalación tiene garantía por escrito, y con gusto le explicamos las opciones antes.

            Vea precios o reserve una hora: {{ chat_link }}

            El equipo de {{ shop.name }}
            """),
        new(5, TimeSpan.FromDays(3), Channel.Sms, null,
            Hi + """. Ceramic film blocks up to 99% of UV and keeps your car noticeably cooler, without interfering with your phone or GPS. Ready to book? {{ chat_link }}""",
            null,
            Hola + """. Un buen polarizado bloquea hasta el 99% de los rayos UV y mantiene su auto fresco, sin afectar su celular ni su GPS. ¿Le apartamos una hora? {{ chat_link }}"""),
        new(6, TimeSpan.FromDays(5), Channel.Email, "Carbon, ceramic or IR: which film is right for you?",
            Hi + """
            ,

            Not sure which film to choose? In short: carbon film gives a clean matte look and solid heat rejection at a great price; ceramic film rejects more heat and all UV with no signal interference; IR ceramic is our best for hot climates and long drives.

            Our assistant knows our current prices for each and can compare them for your vehicle: {{ chat_link }}

            Or call us at {{ shop.phone }}.

            The {{ shop.name }} team
            """,
            "Carbón, cerámica o IR: ¿qué película le conviene?",
            Hola + """
            ,

            ¿No sabe qué película elegir? En pocas palabras: la de carbón da un acabado mate limpio y buen rechazo de calor a un gran precio; la cerámica rechaza más calor y todos los rayos UV sin interferir con las señales; la cerámica IR es nuestra mejor opción para climas calurosos y viajes largos.

            Nuestro asistente conoce los precios actuales de cada una y puede compararlos para su vehículo: {{ chat_link }}

            O llámenos al {{ shop.phone }}.

            El equipo de {{ shop.name }}
            """),
        new(7, TimeSpan.FromDays(7), Channel.Sms, null,
            Hi + """, still thinking it over? Ask us anything about your {{ service | default: "quote" }}, or book a time that works for you: {{ chat_link }}""",
            null,
            Hola + """, ¿lo sigue pensando? Pregunte lo que quiera sobre su {{ service | default: "presupuesto" }} o reserve una hora que le convenga: {{ chat_link }}"""),
        new(8, TimeSpan.FromDays(10), Channel.Email, """Questions about your {{ vehicle | default: "vehicle" }}?""",
            Hi + """
            ,

            We still have your request on file at {{ shop.name }}. If anything is holding you back, from the price to the legal tint limits to how long the job takes, just ask: {{ chat_link }}

            We are open {{ shop.hours }}.

            The {{ shop.name }} team
            """,
            """¿Preguntas sobre su {{ vehicle | default: "vehículo" }}?""",
            Hola + """
            ,

            Seguimos guardando su solicitud en {{ shop.name }}. Si algo le hace dudar, sea el precio, los límites legales del polarizado o cuánto tarda el trabajo, pregúntenos: {{ chat_link }}

            Nuestro horario: {{ shop.hours }}.

            El equipo de {{ shop.name }}
            """),
        new(9, TimeSpan.FromDays(14), Channel.Sms, null,
            """{{ shop.name }}: we still have your estimate on file{% if vehicle %} for the {{ vehicle }}{% endif %}. Want us to hold a spot for you? {{ chat_link }}""",
            null,
            """{{ shop.name }}: seguimos guardando su presupuesto{% if vehicle %} para el {{ vehicle }}{% endif %}. ¿Quiere que le apartemos un lugar? {{ chat_link }}"""),
        new(10, TimeSpan.FromDays(17), Channel.Email, "Protect more than your windows",
            Hi + """
            ,

            Besides window tint, {{ shop.name }} installs clear paint protection film against rock chips and ceramic coatings that keep paint glossy and easy to wash. Many customers combine them in one visit.

            Ask about prices or availability: {{ chat_link }}

            The {{ shop.name }} team
            """,
            "Proteja algo más que sus ventanas",
            Hola + """
            ,

            Además del polarizado, en {{ shop.name }} instalamos película transparente de protección de pintura contra piedras y recubrimientos cerámicos que mantienen la pintura brillante y fácil de lavar. Muchos clientes los combinan en una sola visita.

            Pregunte por precios o disponibilidad: {{ chat_link }}

            El equipo de {{ shop.name }}
            """),
        new(11, TimeSpan.FromDays(21), Channel.Sms, null,
            Hi + """, openings for next week are filling up at {{ shop.name }}. Grab a time here: {{ chat_link }}""",
            null,
            Hola + """, quedan pocos lugares para la semana que viene en {{ shop.name }}. Reserve el suyo: {{ chat_link }}"""),
        new(12, TimeSpan.FromDays(25), Channel.Email, """Still interested, {{ first_name | default: "there" }}?""",
            Hi + """
            ,

            We don't want to crowd your inbox, so this is one of our last notes about your {{ service | default: "request" }}. If you would still like it done, pick a time here: {{ chat_link }}

            Thanks for considering {{ shop.name }}.
            """,
            """¿Sigue interesado{% if first_name %}, {{ first_name }}{% endif %}?""",
            Hola + """
            ,

            No queremos llenar su bandeja de entrada, así que este es uno de nuestros últimos mensajes sobre su {{ service | default: "solicitud" }}. Si todavía quiere hacerlo, elija una hora aquí: {{ chat_link }}

            Gracias por considerar a {{ shop.name }}.
            """),
        new(13, TimeSpan.FromDays(30), Channel.Sms, null,
            """Last note from {{ shop.name }}: your quote stays good if you change your mind. Book anytime at {{ chat_link }} or call {{ shop.phone }}.""",
            null,
            """Un mensaje final de {{ shop.name }}: su presupuesto sigue en pie si cambia de idea. Reserve cuando quiera en {{ chat_link }} o llame al {{ shop.phone }}."""),
    ];
}
