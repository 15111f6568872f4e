FROM python:3.11-slim
WORKDIR /app
ENV FLASK_APP=portal:create_app PYTHONDONTWRITEBYTECODE=1
COPY pyproject.toml README.md ./
COPY portal ./portal
COPY routing ./routing
COPY translations ./translations
COPY migrations ./migrations
COPY babel.cfg gunicorn.conf.py ./
RUN pip install --no-cache-dir -e '.[prod]' && pybabel compile -d translations
USER nobody
EXPOSE 8000
