#include "DatabasePing.h"

#include "SqlConnection.h"

#include <QVariant>

namespace ddalab {

using namespace Qt::StringLiterals;

std::optional<ProbeResult> DatabasePing::schemaVersion(SqlConnection &connection)
{
    SqlStatement select = connection.prepare(u"select_schema_version"_s);
    if (!select.exec())
        return std::nullopt;
    const qint64 version = select.next() ? select.value(0).toLongLong() : 0;
    return ProbeResult{true, version, {}};
}

} // namespace ddalab
