using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadOrchestrator.Data.Migrations.Sqlite
{
    /// <summary>
    /// The PostgreSQL set's trigram index for the leads search has no SQLite counterpart (SQLite has no trigram
    /// index; the one-shop database it serves is small enough to scan). Kept so both sets have the same migrations.
    /// </summary>
    public partial class LeadSearchTrigrams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
