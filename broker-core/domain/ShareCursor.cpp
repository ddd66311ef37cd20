#include "ShareCursor.h"

#include <QRegularExpression>

namespace ddalab {

using namespace Qt::StringLiterals;

QString ShareCursor::toString() const
{
    return QString::number(sortKey) + u':' + token;
}

std::optional<ShareCursor> ShareCursor::parse(QStringView text)
{
    static const QRegularExpression pattern(u"^(-?[0-9]{1,18}):([A-Za-z0-9._~-]{1,128})$"_s);
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    bool ok = false;
    const qint64 sortKey = match.capturedView(1).toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return ShareCursor{sortKey, match.captured(2)};
}

} // namespace ddalab
