#pragma once

#include <QDateTime>

namespace ddalab {

// Wall-clock time source; tests substitute a manual clock instead of sleeping.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0;
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

} // namespace ddalab
