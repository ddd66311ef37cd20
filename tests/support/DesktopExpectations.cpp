#include "support/DesktopExpectations.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace wire {

bool isClientRfc3339(const QString &text)
{
    static const QRegularExpression pattern(
        u"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|\\+00:00)$"_s);
    return pattern.match(text).hasMatch();
}

QString downloadUrl(const QString &endpoint, const QString &resultId, const QString &token)
{
    return endpoint + u"/api/results/"_s + resultId + u"#/"_s + token;
}

} // namespace wire
