using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadOrchestrator.Data.Migrations.Postgres
{
    /// <summary>
    /// The leads search ("tim", "0142", "model 3") matches anywhere in a name, email, car, order number or phone
    /// (<c>LIKE '%…%'</c>), which no b-tree serves: at 100,000 leads it read every row. A trigram GIN index
    /// (pg_trgm, a trusted extension: the database owner may create it) over exactly the expressions the search
    /// compares lets PostgreSQL find the rows for any term of three characters or more. Not in the EF model (it
    /// has no expression indexes); SQLite, the one-shop database, scans.
    /// </summary>
    public partial class LeadSearchTrigrams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
            migrationBuilder.Sql("""
                CREATE INDEX ix_leads_search_trgm ON leads USING gin (
                    phone gin_trgm_ops,
                    shopmonkey_order_number gin_trgm_ops,
                    lower(first_name) gin_trgm_ops,
                    lower(last_name) gin_trgm_ops,
                    lower(email) gin_trgm_ops,
                    lower(vehicle_make) gin_trgm_ops,
                    lower(vehicle_model) gin_trgm_ops,
                    lower(shopmonkey_order_number) gin_trgm_ops);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_leads_search_trgm;");
        }
    }
}
