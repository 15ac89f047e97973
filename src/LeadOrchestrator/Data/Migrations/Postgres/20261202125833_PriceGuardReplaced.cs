using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadOrchestrator.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PriceGuardReplaced : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "price_guard_replaced",
                table: "chat_messages",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "price_guard_replaced",
                table: "chat_messages");
        }
    }
}
