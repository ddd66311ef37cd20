#include "StateHash.h"

#include <QCryptographicHash>

#include <algorithm>

namespace ddalab {

QString StateHash::of(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

bool StateHash::isWellFormed(QStringView text)
{
    return text.size() == kLength && std::all_of(text.cbegin(), text.cend(), [](QChar c) {
               return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') ||
                      (c >= u'A' && c <= u'F');
           });
}

bool StateHash::matches(QStringView claimed, const QByteArray &data)
{
    return isWellFormed(claimed) && claimed.compare(of(data), Qt::CaseInsensitive) == 0;
}

} // namespace ddalab
