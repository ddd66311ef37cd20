#include "DatabasePing.h"

#include "SqlConnection.h"

#include <QVariant>

namespace ddalab {

using namespace Qt::StringLiterals;

std::optional<ProbeResult> DatabasePing::schemaVersion(SqlConnection &connection)
{
    QSqlQuery *select = connection.statement(u"select_schema_version"_s);
    if (!select || !connection.exec(*select, u"select_schema_version"_s))
        return std::nullopt;
    const qint64 version = select->next() ? select->value(0).toLongLong() : 0;
    select->finish();
    return ProbeResult{true, version, {}};
}

} // namespace ddalab
