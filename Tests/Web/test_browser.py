"""A real browser, by keyboard only: the teen story through the interview to the map, the care
state's page, the side-by-side view and the printable summary, with axe checks on every page
(no serious or critical violations). Debian's chromium and chromium-driver, headless."""
import os
import shutil

import pytest
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

STORY = os.path.join(os.path.dirname(__file__), "..", "..", "Examples", "stories", "teen-shelter.txt")


def story_answers():
    answers = {}
    for line in open(STORY, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#") and ":" in line:
            key, value = line.rsplit(":", 1)
            answers[key.strip()] = value.strip()
    return answers


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(flag)
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    yield driver
    driver.quit()


def active(driver):
    return driver.switch_to.active_element


def tab_to(driver, matches, limit=80):
    """Presses Tab until the focused element matches; fails if it never does."""
    for _ in range(limit):
        if matches(active(driver)):
            return active(driver)
        active(driver).send_keys(Keys.TAB)
    pytest.fail("could not reach the control by keyboard")


def press(driver, text):
    """Tabs to the button whose text starts with `text`, then presses Enter."""
    tab_to(driver, lambda e: e.tag_name == "button" and e.text.strip().startswith(text)).send_keys(Keys.ENTER)


def check_axe(driver, page):
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    bad = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, f"{page}: " + "; ".join(f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']]}" for v in bad)


def current_question(driver):
    found = driver.find_elements(By.CSS_SELECTOR, "input[type=hidden][name=q]")
    return found[0].get_attribute("value") if found else None


def test_the_teen_story_by_keyboard(browser, base_url):
    answers = story_answers()
    browser.get(base_url + "/")
    check_axe(browser, "interview")
    asked = 0
    while asked < 6:
        key = current_question(browser)
        if key is None:
            break
        asked += 1
        value = answers.get(key)
        if key == "date":
            # The date, then the optional care state, then Next.
            active(browser).send_keys(value + Keys.TAB)
            assert active(browser).get_attribute("id") == "state"
            active(browser).send_keys("Ohio")
            press(browser, "Next")
        elif value is not None and browser.find_elements(By.CSS_SELECTOR, "input#reply[type=number]"):
            # An age: typed into the focused field, Enter submits.
            active(browser).send_keys(value + Keys.ENTER)
        elif value == "yes":
            press(browser, "Yes")
        elif value == "no":
            press(browser, "No")
        else:
            press(browser, "Don't know")
        if asked == 4:
            check_axe(browser, "a question")
    if current_question(browser) is not None:
        press(browser, "Stop and show the results")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Results"
    text = browser.find_element(By.TAG_NAME, "main").text
    assert "Ohio (where care is given)" in text
    sex = browser.find_element(By.CSS_SELECTOR, "section.kind").text
    assert "undetermined in 0" in sex, sex
    assert len(browser.find_elements(By.CSS_SELECTOR, "figure.map img")) == 2
    check_axe(browser, "results")

    # The care state's page: its select is preset to the care state.
    press(browser, "Open the jurisdiction's page")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Ohio (OH)"
    assert "Deciding subsection" in browser.find_element(By.TAG_NAME, "main").text
    check_axe(browser, "jurisdiction")

    press(browser, "Compare side by side")
    assert "side by side" in browser.find_element(By.TAG_NAME, "h1").text
    check_axe(browser, "side by side")

    press(browser, "Printable one-page summary")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "T74.52-" in main and "T76.52-" in main
    assert "Not legal advice" in main
    check_axe(browser, "printable summary")


def test_the_researchers_page(browser, base_url):
    browser.get(base_url + "/research?date=2025-06-01")
    assert "Definition matrix" in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_elements(By.CSS_SELECTOR, "a[href*='matrix.csv']")
    check_axe(browser, "research")
