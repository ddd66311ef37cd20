#include "IdRules.h"

#include "FieldLimits.h"

#include <QChar>

#include <algorithm>

namespace ddalab::protocol::ids {

bool isPrintable(QStringView text)
{
    return std::none_of(text.cbegin(), text.cend(),
                        [](QChar c) { return c.category() == QChar::Other_Control; });
}

bool isValidUserId(QStringView id)
{
    return !id.isEmpty() && id.size() <= limits::kUserId && isPrintable(id);
}

bool isValidTeamId(QStringView id)
{
    return !id.isEmpty() && id.size() <= limits::kTeamId && isPrintable(id);
}

} // namespace ddalab::protocol::ids
