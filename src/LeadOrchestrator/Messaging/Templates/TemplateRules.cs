using Fluid;
using Fluid.Ast;

namespace LeadOrchestrator.Messaging.Templates;

/// <summary>
/// What a message template may do. Managers write them and every new lead renders them, so a template
/// must not be able to run for long or grow without bound: Liquid's loops, ranges, variables and captures
/// are left out (a message has nothing to iterate over: its values are a name, a vehicle, links and the
/// shop), and so are the filters that multiply text (<c>replace</c>, <c>escape</c>, <c>join</c>, …). What
/// stays — <c>{{ value | filter }}</c>, <c>if</c>/<c>unless</c>/<c>case</c> — renders in time and size
/// proportional to the template. Fluid's own step and recursion limits are set as well, and the rendered
/// message is measured against <see cref="MaxSmsSegments"/> and <see cref="MaxEmailBytes"/>.
/// </summary>
public static class TemplateRules
{
    public const int MaxSmsSegments = 10;
    public const int MaxEmailBytes = 256 * 1024;

    /// <summary>Filters that keep or shorten what they are given (<c>default</c> gives back its argument, which the template holds).</summary>
    public static readonly IReadOnlySet<string> Filters = new HashSet<string>(StringComparer.Ordinal)
    {
        "default", "capitalize", "downcase", "upcase", "strip", "lstrip", "rstrip", "strip_newlines",
        "truncate", "truncatewords", "size", "first", "last", "remove", "remove_first",
    };

    /// <summary>Fluid's own guards, for anything the rules above did not foresee.</summary>
    public static TemplateOptions Options()
    {
        var options = new TemplateOptions { MaxSteps = 10_000, MaxRecursion = 16 };
        foreach (var name in options.Filters.Select(f => f.Key).Where(name => !Filters.Contains(name)).ToList())
            options.Filters.Remove(name);
        return options;
    }

    /// <summary>Why the parsed template may not be used, or null.</summary>
    public static string? Check(IFluidTemplate template)
    {
        var visitor = new Visitor();
        visitor.VisitTemplate(template);
        return visitor.Problem;
    }

    private sealed class Visitor : AstVisitor
    {
        public string? Problem { get; private set; }

        private Statement Refuse(Statement statement, string what)
        {
            Problem ??= $"'{what}' is not available in message templates: use {{{{ values }}}}, filters such as default or capitalize, and if / unless / case.";
            return statement;
        }

        protected override Statement VisitForStatement(ForStatement forStatement) => Refuse(forStatement, "for");

        protected override Statement VisitTableRowStatement(TableRowStatement tableRowStatement) => Refuse(tableRowStatement, "tablerow");

        protected override Statement VisitAssignStatement(AssignStatement assignStatement) => Refuse(assignStatement, "assign");

        protected override Statement VisitCaptureStatement(CaptureStatement captureStatement) => Refuse(captureStatement, "capture");

        protected override Statement VisitCycleStatement(CycleStatement cycleStatement) => Refuse(cycleStatement, "cycle");

        protected override Statement VisitIncrementStatement(IncrementStatement incrementStatement) => Refuse(incrementStatement, "increment");

        protected override Statement VisitDecrementStatement(DecrementStatement decrementStatement) => Refuse(decrementStatement, "decrement");

        protected override Statement VisitIncludeStatement(IncludeStatement includeStatement) => Refuse(includeStatement, "include");

        protected override Statement VisitRenderStatement(RenderStatement renderStatement) => Refuse(renderStatement, "render");

        protected override Statement VisitMacroStatement(MacroStatement macroStatement) => Refuse(macroStatement, "macro");

        protected override Statement VisitFromStatement(FromStatement fromStatement) => Refuse(fromStatement, "from");

        protected override Statement VisitIfChangedStatement(IfChangedStatement ifChangedStatement) => Refuse(ifChangedStatement, "ifchanged");

        protected override Expression VisitRangeExpression(RangeExpression rangeExpression)
        {
            Problem ??= "Ranges ((1..n)) are not available in message templates.";
            return rangeExpression;
        }

        protected override Expression VisitFilterExpression(FilterExpression filterExpression)
        {
            if (!Filters.Contains(filterExpression.Name))
                Problem ??= $"The filter '{filterExpression.Name}' is not available in message templates; these are: {string.Join(", ", Filters.Order(StringComparer.Ordinal))}.";
            return base.VisitFilterExpression(filterExpression);
        }
    }
}
