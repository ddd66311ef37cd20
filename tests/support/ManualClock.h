#pragma once

#include "domain/Clock.h"

#include <QDateTime>

#include <chrono>

// A clock that stands still until the test moves it, for in-process cases about expiry and
// back-off that must not sleep.
class ManualClock final : public ddalab::Clock
{
public:
    explicit ManualClock(QDateTime start) : m_now(std::move(start)) {}

    QDateTime now() const override { return m_now; }
    void advance(std::chrono::milliseconds by) { m_now = m_now.addMSecs(by.count()); }

private:
    QDateTime m_now;
};
